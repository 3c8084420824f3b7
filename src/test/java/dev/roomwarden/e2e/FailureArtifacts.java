package dev.roomwarden.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/** On a failed browser test: a screenshot and the page source under target/e2e-failures, named in the report. */
final class FailureArtifacts implements TestWatcher {

    static final Path DIRECTORY = Path.of("target", "e2e-failures");

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        var test = context.getRequiredTestInstance();
        if (!(test instanceof BrowserTest browserTest) || browserTest.driver == null) {
            return;
        }
        WebDriver driver = browserTest.driver;
        var name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        try {
            Files.createDirectories(DIRECTORY);
            var screenshot = DIRECTORY.resolve(name + ".png");
            var source = DIRECTORY.resolve(name + ".html");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(source, "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource(),
                    StandardCharsets.UTF_8);
            // Printed into the test's report output, next to the failure.
            System.out.println("Browser test failed at " + driver.getCurrentUrl() + "\n  screenshot: "
                    + screenshot.toAbsolutePath() + "\n  page source: " + source.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.out.println("Could not save the failure screenshot of " + name + ": " + e);
        }
    }
}
