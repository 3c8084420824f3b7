package dev.roomwarden;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RoomwardenApplication {

    public static void main(String[] args) {
        SpringApplication.run(RoomwardenApplication.class, args);
    }
}
