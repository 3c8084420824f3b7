package dev.roomwarden.audit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** An audited action's target and reason are its parameters of those names; a name it does not have cannot ship. */
class AuditedParametersTest {

    static class Actions {
        @Audited(value = AuditAction.UPDATE_PARTICIPANT, room = "room", participant = "identity", reason = "reason")
        public void edit(String reason, int attempts, String identity, String room) {
        }

        @Audited(value = AuditAction.DELETE_ROOM, room = "ticked", reason = "reason")
        public void endAll(boolean onlyEmpty, List<String> ticked, String reason) {
        }

        @Audited(value = AuditAction.RESET_PASSWORD, account = "username")
        public void reset(String username) {
        }
    }

    static class Misnamed {
        @Audited(value = AuditAction.REMOVE_PARTICIPANT, room = "room", participant = "identity", reason = "why")
        public void remove(String room, String identity, String reason) {
        }
    }

    static class MistypedReason {
        @Audited(value = AuditAction.MUTE_TRACK, room = "room", reason = "reason")
        public void mute(String room, Object reason) {
        }
    }

    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theTargetAndReasonAreReadByNameWhereverTheyStand() {
        var edit = method(Actions.class, "edit");
        Object[] arguments = {"spam", 3, "customer-1", "support-7"};

        assertThat(AuditedParameters.target(edit, arguments)).isEqualTo(AuditTarget.participant("support-7", "customer-1"));
        assertThat(AuditedParameters.reason(edit, arguments)).isEqualTo("spam");

        var endAll = method(Actions.class, "endAll");
        assertThat(AuditedParameters.target(endAll, new Object[] {true, List.of("a", "b"), "tidy"})).isEqualTo(AuditTarget.room("a, b"));
        assertThat(AuditedParameters.reason(endAll, new Object[] {true, List.of("a", "b"), "tidy"})).isEqualTo("tidy");

        var reset = method(Actions.class, "reset");
        assertThat(AuditedParameters.target(reset, new Object[] {"ann"})).isEqualTo(AuditTarget.account("ann"));
        assertThat(AuditedParameters.reason(reset, new Object[] {"ann"})).isNull();
    }

    @Test
    void aNameTheMethodDoesNotHaveOrOfTheWrongTypeIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> AuditedParameters.check(method(Misnamed.class, "remove")))
                .withMessageContaining("Misnamed.remove").withMessageContaining("'why', which it does not have");
        assertThatIllegalStateException().isThrownBy(() -> AuditedParameters.check(method(MistypedReason.class, "mute")))
                .withMessageContaining("'reason', a Object, not a String");
    }

    @Test
    void anApplicationWithAMisnamedAuditedActionDoesNotStart() {
        var runner = new ApplicationContextRunner().withBean(AuditedParameters.class);

        runner.withBean(Actions.class).run(context -> assertThat(context).hasNotFailed());
        runner.withBean(Misnamed.class).run(context -> assertThat(context).hasFailed().getFailure()
                .rootCause().hasMessageContaining("'why', which it does not have"));
    }

    @Test
    void everyAuditedActionOfRoomwardenNamesParametersItHas() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter((reader, factory) -> reader.getAnnotationMetadata().hasAnnotatedMethods(Audited.class.getName()));
        // This test's own examples, misnamed on purpose, are not Roomwarden's actions.
        scanner.addExcludeFilter((reader, factory) -> reader.getClassMetadata().getClassName().startsWith(getClass().getName()));
        var audited = new ArrayList<Method>();
        for (var candidate : scanner.findCandidateComponents("dev.roomwarden")) {
            for (var method : Class.forName(candidate.getBeanClassName()).getDeclaredMethods()) {
                if (method.isAnnotationPresent(Audited.class)) {
                    audited.add(method);
                }
            }
        }

        assertThat(audited).extracting(m -> m.getDeclaringClass().getSimpleName()).contains("ParticipantActions", "RoomActions",
                "AgentActions", "StaffService");
        audited.forEach(AuditedParameters::check);
    }
}
