package dev.roomwarden;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomwarden.emulator.Egresses;
import dev.roomwarden.emulator.LiveKitEmulator;
import dev.roomwarden.livekit.FreshStart;
import dev.roomwarden.livekit.LiveKitGateway;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.ColumnMapRowMapper;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole staff workflows over real HTTP: Roomwarden in demo mode on a random port, its embedded emulator as
 * LiveKit (simulation off, so only what a test arranges happens), the official SDK between them.
 * Every flow class runs in this one application, which Spring's test context cache starts once; a class that
 * needs LiveKit or Roomwarden configured otherwise says only how, with {@code @TestPropertySource} (its own
 * database name included), and gets an application of its own.
 * Each test starts with an empty LiveKit that behaves, a Roomwarden that has seen nothing of it yet (and takes it
 * as answering), and sees only the audit records it made.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roomwarden.emulator.port=0",
        "roomwarden.emulator.simulation.enabled=false",
        "roomwarden.emulator.api-key=" + FlowTest.API_KEY,
        "roomwarden.emulator.api-secret=" + FlowTest.API_SECRET,
        "roomwarden.livekit.cache-ttl=0s",
        "roomwarden.livekit.health-cache-ttl=1s",
        "roomwarden.livekit.connect-timeout=1s",
        "roomwarden.livekit.read-timeout=1s",
        "roomwarden.livekit.probe-interval=200ms",
        "roomwarden.demo.password=" + FlowTest.PASSWORD,
        "roomwarden.metrics.token=" + FlowTest.METRICS_TOKEN,
        "roomwarden.security.login-throttling.failures-per-account-and-address=3",
        "roomwarden.security.login-throttling.first-delay=10s",
        "roomwarden.security.login-throttling.max-delay=20s",
        "roomwarden.security.login-throttling.failures-per-account-per-hour=8",
        "roomwarden.audit.recheck-after=1s,2s,5s",
        // History's polling runs only when a test asks, so that it never makes events in another test's rooms.
        "roomwarden.history.reconcile-interval=0s",
        // The attention rules are evaluated when a test asks (as of the moment it chooses), never behind its back.
        "roomwarden.overview.evaluate-interval=0s",
        "spring.datasource.url=jdbc:h2:mem:flow;DB_CLOSE_DELAY=-1"})
public abstract class FlowTest {

    /** The password of the demo accounts admin, moderator and viewer. */
    public static final String PASSWORD = "flow-password-4417";
    public static final String API_KEY = "flow-key";
    /** Distinctive, so that a test can tell it never reaches a browser or the log. */
    public static final String API_SECRET = "flow-secret-Qx81vT0aLm";
    public static final String METRICS_TOKEN = "scrape-token-Vb93kQ1xZr5T";

    @LocalServerPort
    protected int port;

    @Autowired
    protected LiveKitEmulator emulator;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    private LiveKitGateway gateway;

    private long lastAuditedBefore;

    /** The simulated egress worker, quick: starts and ends take 200 ms, a start no worker accepts fails after 500 ms. */
    protected static final Egresses.Timings EGRESS_TIMINGS = new Egresses.Timings(Duration.ofMillis(200),
            Duration.ofMillis(200), Duration.ofMillis(500));

    @BeforeEach
    void anEmptyLiveKitThatBehaves() {
        emulator.faults().reset();
        emulator.moves().reset();
        emulator.state().clear();
        emulator.egresses().clear();
        emulator.egresses().timings(EGRESS_TIMINGS);
        forgetWhatLiveKitDid();
        lastAuditedBefore = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM audit_record").query(Long.class).single();
    }

    /**
     * Roomwarden as after a restart: nothing of LiveKit seen, LiveKit taken as answering (its breaker closed), for a
     * test that shows one failure after another, each as if LiveKit had just begun failing.
     */
    protected void forgetWhatLiveKitDid() {
        FreshStart.of(gateway);
    }

    /** A browser of this member of staff, logged in with the demo password. */
    protected StaffBrowser loggedIn(String username) {
        var browser = new StaffBrowser(port);
        var answer = browser.logIn(username, PASSWORD);
        assertThat(answer.statusCode()).as("login of " + username).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        return browser;
    }

    /** Logged in, then on this page, as staff are before they act (its forms carry the session's CSRF token). */
    protected StaffBrowser loggedIn(String username, String page) {
        var browser = loggedIn(username);
        browser.get(page);
        return browser;
    }

    /** The audit records this test made that match the SQL condition, oldest first, by column name in capitals. */
    protected List<Map<String, Object>> audited(String condition, Object... values) {
        return audited(new ColumnMapRowMapper(), condition, values);
    }

    protected <T> List<T> audited(RowMapper<T> row, String condition, Object... values) {
        return jdbc.sql("SELECT * FROM audit_record WHERE id > ? AND (" + condition + ") ORDER BY id")
                .param(lastAuditedBefore).params(values).query(row).list();
    }

    /** The newest audit record this test made. */
    protected Map<String, Object> lastAudited() {
        var records = audited("TRUE");
        assertThat(records).as("audit records of this test").isNotEmpty();
        return records.get(records.size() - 1);
    }
}
