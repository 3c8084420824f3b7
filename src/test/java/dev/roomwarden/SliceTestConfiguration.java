package dev.roomwarden;

import java.time.Clock;
import java.util.function.Supplier;

import dev.roomwarden.audit.AuditLog;
import dev.roomwarden.history.AgentJobs;
import dev.roomwarden.history.HistorySessions;
import dev.roomwarden.keepouts.KeepOuts;
import dev.roomwarden.live.WebhookActivity;
import dev.roomwarden.notes.SessionNotes;
import dev.roomwarden.notes.Tags;
import dev.roomwarden.pins.Pins;
import dev.roomwarden.views.SavedViews;
import dev.roomwarden.livekit.LiveKitConnection;
import dev.roomwarden.recordings.RecordingProperties;
import dev.roomwarden.security.OidcProperties;
import dev.roomwarden.security.SecurityConfiguration;
import dev.roomwarden.phonenumbers.TelephonyProperties;
import dev.roomwarden.web.DashboardProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.mockito.Mockito;
import org.mockito.stubbing.Answer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** What every controller slice needs: our security rules, the layout's settings, a LiveKit address. */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, WebhookActivity.class})
@EnableConfigurationProperties({DashboardProperties.class, OidcProperties.class, RecordingProperties.class, TelephonyProperties.class})
public class SliceTestConfiguration {

    public static final String API_SECRET = "slice-secret-9f2c71d4";

    /** Controller slices have no database: the audit log lets every action through unrecorded. */
    @Bean
    AuditLog auditLog() {
        var auditLog = Mockito.mock(AuditLog.class);
        // Each overload (with a detail, with a batch id) ends with the LiveKit call, which is run.
        Answer<?> runTheCall = invocation -> invocation.<Supplier<?>>getArgument(invocation.getArguments().length - 1).get();
        Mockito.when(auditLog.perform(Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any())).thenAnswer(runTheCall);
        Mockito.when(auditLog.perform(Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any())).thenAnswer(runTheCall);
        Mockito.when(auditLog.perform(Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any()))
                .thenAnswer(runTheCall);
        // The overload with a recheck after a timeout ends with the recheck; the call comes before it.
        Mockito.when(auditLog.perform(Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(),
                Mockito.any())).thenAnswer(invocation -> invocation.<Supplier<?>>getArgument(5).get());
        // An action of several steps: the call, then what came of it.
        Mockito.when(auditLog.performInSteps(Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any()))
                .thenAnswer(invocation -> invocation.<Supplier<?>>getArgument(4).get());
        return auditLog;
    }

    /** Controller slices have no database: the agent dispatches a page lists are not kept for history. */
    @Bean
    AgentJobs agentJobs() {
        return Mockito.mock(AgentJobs.class);
    }

    /** Nor a history: no room session is known (a room page that ended says when Roomwarden saw it gone). */
    @Bean
    HistorySessions historySessions() {
        return Mockito.mock(HistorySessions.class);
    }

    /** Nor keep-outs: nobody is kept out. */
    @Bean
    KeepOuts keepOuts() {
        return Mockito.mock(KeepOuts.class);
    }

    /** Nor pins: nobody pinned a room. */
    @Bean
    Pins pins() {
        return Mockito.mock(Pins.class);
    }

    /** Nor notes or tags on room sessions. */
    @Bean
    SessionNotes sessionNotes() {
        return Mockito.mock(SessionNotes.class);
    }

    @Bean
    Tags tags() {
        return Mockito.mock(Tags.class);
    }

    /** Nor saved views: the menu lists none. */
    @Bean
    SavedViews savedViews() {
        return Mockito.mock(SavedViews.class);
    }

    /** Slices have no metrics auto-configuration; what they count is kept in memory and not looked at. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LiveKitConnection liveKitConnection() {
        return new LiveKitConnection("http://livekit.internal:7880", "slice-key", API_SECRET, false);
    }
}
