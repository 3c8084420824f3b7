package dev.roomwarden.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;

import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.emulator.ParticipantSpec;
import dev.roomwarden.emulator.TrackSpec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import dev.roomwarden.livekit.FreshStart;
import dev.roomwarden.livekit.LiveKitGateway;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roomwarden in demo mode on a random port, its embedded emulator as LiveKit (simulation off, so
 * only what a test arranges happens), and one headless Chromium per test class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0",
        "roomwarden.emulator.simulation.enabled=false",
        "roomwarden.demo.password=" + BrowserTest.PASSWORD,
        "roomwarden.refresh-interval=1s",
        "roomwarden.reconcile-interval=1s",
        "roomwarden.livekit.read-timeout=2s",
        "roomwarden.livekit.probe-interval=200ms",
        "spring.datasource.url=jdbc:h2:mem:e2e;DB_CLOSE_DELAY=-1"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(FailureArtifacts.class)
abstract class BrowserTest {

    static final String PASSWORD = "e2e-password-2931";
    static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    private LiveKitGateway gateway;

    @Autowired
    LiveKitEmulator emulator;

    ChromeDriver driver;

    private final List<Pattern> expectedConsoleErrors = new ArrayList<>();

    @BeforeAll
    void startBrowser() {
        driver = Chromium.start();
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void freshSessionAndEmptyLiveKit() {
        emulator.faults().reset();
        emulator.moves().reset();
        emulator.state().clear();
        FreshStart.of(gateway);
        // Away from the last test's page, then every cookie cleared through DevTools (a page of Roomwarden's to delete
        // them from would be one more page whose requests fail, 401, once they are gone).
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        expectedConsoleErrors.clear();
        consoleErrors();
    }

    /** Scenario 9: no page a test visited logged a script error (expected ones are declared by the test). */
    @AfterEach
    void noConsoleErrors() {
        assertThat(consoleErrors()).as("errors in the browser console").isEmpty();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void open(String path) {
        driver.get(url(path));
    }

    /**
     * Logs in from the rooms list, where most scenarios begin, and lands back on it (the page asked for before the
     * login; the home page, the overview, is LoginIT's).
     */
    void logIn(String username) {
        open("/rooms");
        submitLogin(username, PASSWORD);
        await(d -> !d.getCurrentUrl().contains("/login"));
    }

    void submitLogin(String username, String password) {
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
    }

    <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    WebElement awaitVisible(By locator) {
        return await(d -> d.findElements(locator).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    void awaitText(By locator, String text) {
        await(d -> d.findElements(locator).stream().anyMatch(e -> e.getText().contains(text)));
    }

    void awaitNoText(By locator, String text) {
        await(d -> d.findElements(locator).stream().noneMatch(e -> e.getText().contains(text)));
    }

    /** Clicks what the locator finds, again if a refresh replaced it between finding and clicking. */
    /** Opens a menu of the navigation ("Media", "Views", "Manage") and follows one of its links, as a person does. */
    void navigate(String menu, String item) {
        click(By.xpath("//nav//details[contains(@class, 'rw-menu')]/summary[normalize-space()='" + menu + "']"));
        click(By.xpath("//nav//details[contains(@class, 'rw-menu')][@open]//a[normalize-space()='" + item + "']"));
    }

    void click(By locator) {
        await(d -> {
            d.findElement(locator).click();
            return true;
        });
    }

    /** The text of the element now; a refresh or a push that replaces it between finding and reading is read again. */
    String text(By locator) {
        return await(d -> d.findElement(locator).getText());
    }

    /** A console error this test causes on purpose, e.g. the 403 of a forged request. */
    void expectConsoleError(String regex) {
        expectedConsoleErrors.add(Pattern.compile(regex));
    }

    private List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> expectedConsoleErrors.stream().noneMatch(p -> p.matcher(message).find()))
                .toList();
    }

    void supportChat(String room) {
        emulator.state().addParticipant(room, new ParticipantSpec("customer-" + room, "Customer", ParticipantInfo.Kind.STANDARD,
                "", Map.of(), List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
        emulator.state().addParticipant(room, new ParticipantSpec("agent-" + room, "Voice agent", ParticipantInfo.Kind.AGENT,
                "", Map.of(), List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))));
    }

    void person(String room, String identity) {
        emulator.state().addParticipant(room, new ParticipantSpec(identity, identity, ParticipantInfo.Kind.STANDARD, "",
                Map.of(), List.of()));
    }

    /** For reading the page as staff see it: target/screenshots/{name}.png. */
    void screenshot(String name) {
        try {
            var directory = Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(directory.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
