package dev.roomwarden.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The emulator on its own, for pointing other LiveKit clients at it:
 * {@code java -cp target/roomwarden-*.jar -Dloader.main=dev.roomwarden.emulator.EmulatorMain
 * org.springframework.boot.loader.launch.PropertiesLauncher --port=7880 --simulate}.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        var bind = "127.0.0.1";
        var port = 7880;
        var key = "devkey";
        var secret = "secret";
        var webhooks = new ArrayList<String>();
        var simulate = false;
        var remoteUnmute = false;
        var cloudMoves = false;
        long seed = 42;
        for (var arg : args) {
            var equals = arg.indexOf('=');
            var name = equals < 0 ? arg : arg.substring(0, equals);
            var value = equals < 0 ? "" : arg.substring(equals + 1);
            switch (name) {
                case "--bind" -> bind = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--key" -> key = value;
                case "--secret" -> secret = value;
                case "--webhook" -> webhooks.add(value);
                case "--simulate" -> simulate = true;
                case "--seed" -> seed = Long.parseLong(value);
                case "--remote-unmute" -> remoteUnmute = true;
                case "--cloud-move" -> cloudMoves = true;
                default -> {
                    System.err.println("""
                            usage: EmulatorMain [--bind=127.0.0.1] [--port=7880] [--key=devkey] [--secret=secret]
                                                [--webhook=URL]... [--simulate] [--seed=42] [--remote-unmute]
                                                [--cloud-move]""");
                    System.exit(2);
                }
            }
        }
        var emulator = LiveKitEmulator.start(new EmulatorSettings(bind, port, key, secret, webhooks,
                EmulatorSettings.REAL_SERVER_UNCLAIMED_WAIT, remoteUnmute));
        emulator.moves().cloud(cloudMoves);
        var simulation = new DemoSimulation(emulator.state(), emulator.egresses(), seed);
        if (simulate) {
            simulation.populate();
            simulation.start(Duration.ofSeconds(3));
        }
        System.out.println("LiveKit emulator listening at " + emulator.url() + " (API key " + key + ")"
                + (simulate ? ", simulating demo rooms" : "") + ". Ctrl-C stops it.");
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulation.close();
            emulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
