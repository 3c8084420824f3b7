package dev.roomwarden.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Node SDK's EgressClient, IngressClient and SipClient, unchanged, against the emulator (src/test/node): run only where
 * {@code node} and the installed livekit-server-sdk are present ({@code cd src/test/node && npm ci}), skipped otherwise.
 */
class NodeSdkCheckTest {

    private static final Path DIRECTORY = Path.of("src/test/node");

    @Test
    void egressAndIngressClientsWorkUnchanged() throws IOException, InterruptedException {
        assumeNodeSdkInstalled();
        try (var lk = new EmulatorFixture()) {
            lk.emulator.egresses().timings(new Egresses.Timings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(300)));
            runCheck("egress-ingress-check.mjs", lk);
        }
    }

    @Test
    void sipClientWorksUnchanged() throws IOException, InterruptedException {
        assumeNodeSdkInstalled();
        try (var lk = new EmulatorFixture()) {
            lk.emulator.sip().timings(new Sips.Timings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(100),
                    Duration.ofMillis(300), Duration.ofMillis(200)));
            runCheck("sip-check.mjs", lk);
        }
    }

    private static void assumeNodeSdkInstalled() {
        assumeTrue(nodeAvailable(), "skipped: no `node` on the PATH");
        assumeTrue(Files.isDirectory(DIRECTORY.resolve("node_modules/livekit-server-sdk")),
                "skipped: livekit-server-sdk is not installed (cd src/test/node && npm ci)");
    }

    /** Runs one check script against the emulator; one that does not finish is ended before its output is read. */
    private static void runCheck(String script, EmulatorFixture lk) throws IOException, InterruptedException {
        var process = new ProcessBuilder("node", script, lk.emulator.url(), EmulatorFixture.KEY, EmulatorFixture.SECRET)
                .directory(DIRECTORY.toFile()).redirectErrorStream(true).start();
        var finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(finished).as("the check finished").isTrue();
        assertThat(output).as("what the Node SDK saw").doesNotContain("FAIL").contains("all checks passed");
        assertThat(process.exitValue()).isZero();
    }

    private static boolean nodeAvailable() {
        try {
            var process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
