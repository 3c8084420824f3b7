package dev.roomwarden.e2e;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium and ChromeDriver, headless. Nothing is downloaded at run time; when they are
 * missing the tests fail with the command that installs them, they are never skipped.
 */
final class Chromium {

    static final String BROWSER = System.getProperty("roomwarden.chromium", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("roomwarden.chromedriver", "/usr/bin/chromedriver");

    private Chromium() {
    }

    static ChromeDriver start() {
        for (var binary : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(new File(binary).toPath())) {
                throw new IllegalStateException("The browser tests need Debian's Chromium and ChromeDriver, and "
                        + binary + " is missing. Install them with:  sudo apt-get install -y chromium chromium-driver"
                        + "  (or run .ci/run, which does). Other paths: -Droomwarden.chromium=... -Droomwarden.chromedriver=...");
            }
        }
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        var options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1400,1000", "--lang=en-US");
        // Keep hidden-tab throttling off so polling behaves as in a visible tab.
        options.addArguments("--disable-background-timer-throttling", "--disable-renderer-backgrounding");
        options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false));
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        return new ChromeDriver(service, options);
    }
}
