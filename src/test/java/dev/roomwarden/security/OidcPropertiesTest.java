package dev.roomwarden.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Single sign-on as an operator sets it up: the documented environment variables, and a clear refusal to start. */
class OidcPropertiesTest {

    @EnableConfigurationProperties(OidcProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    private ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
        return context.withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    @Test
    void theDocumentedEnvironmentVariablesSetItUp() {
        withEnvironment(Map.of(
                "ROOMWARDEN_OIDC_ISSUER_URI", "https://login.example.com/realms/staff",
                "ROOMWARDEN_OIDC_CLIENT_ID", "roomwarden",
                "ROOMWARDEN_OIDC_CLIENT_SECRET", "s3cr3t-value",
                "ROOMWARDEN_OIDC_PROVIDER_NAME", "Keycloak",
                "ROOMWARDEN_OIDC_ROLES_CLAIM", "roles",
                "ROOMWARDEN_OIDC_ROLES_ADMIN", "rw-admins, platform-ops",
                "ROOMWARDEN_OIDC_ROLES_MODERATOR", "support-leads",
                "ROOMWARDEN_OIDC_ROLES_VIEWER_0", "cn=support,ou=groups",
                "ROOMWARDEN_OIDC_ROLES_VIEWER_1", "support",
                "ROOMWARDEN_OIDC_LOCAL_LOGIN", "false")).run(ctx -> {
                    var oidc = ctx.getBean(OidcProperties.class);
                    assertThat(oidc.enabled()).isTrue();
                    assertThat(oidc.issuer()).isEqualTo("https://login.example.com/realms/staff");
                    assertThat(oidc.clientId()).isEqualTo("roomwarden");
                    assertThat(oidc.providerName()).isEqualTo("Keycloak");
                    assertThat(oidc.rolesClaim()).isEqualTo("roles");
                    assertThat(oidc.localLogin()).isFalse();
                    assertThat(oidc.roles().highest(List.of("support", "platform-ops"))).isEqualTo(Role.ADMIN);
                    assertThat(oidc.roles().highest(List.of("support-leads", "support"))).isEqualTo(Role.MODERATOR);
                    assertThat(oidc.roles().highest(List.of("cn=support,ou=groups"))).isEqualTo(Role.VIEWER);
                    assertThat(oidc.roles().highest(List.of("Support"))).isNull();
                    assertThat(oidc.toString()).doesNotContain("s3cr3t-value");
                });
    }

    @Test
    void withoutAnIssuerSingleSignOnIsOff() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(OidcProperties.class).enabled()).isFalse();
            assertThat(ctx.getBean(OidcProperties.class).localLogin()).isTrue();
        });
    }

    @Test
    void settingsThatWouldLockEveryoneOutOrCannotWorkStopTheStartWithTheReason() {
        expectRefusal(Map.of("ROOMWARDEN_OIDC_LOCAL_LOGIN", "false"),
                "ROOMWARDEN_OIDC_LOCAL_LOGIN=false turns password login off, so single sign-on must be set up");
        expectRefusal(Map.of("ROOMWARDEN_OIDC_LOCAL_LOGIN", "false", "ROOMWARDEN_OIDC_ISSUER_URI", "https://idp.example.com",
                "ROOMWARDEN_OIDC_CLIENT_ID", "rw"), "needs at least one value in ROOMWARDEN_OIDC_ROLES_ADMIN");
        expectRefusal(Map.of("ROOMWARDEN_OIDC_ISSUER_URI", "https://idp.example.com"),
                "ROOMWARDEN_OIDC_ISSUER_URI is set, so ROOMWARDEN_OIDC_CLIENT_ID must be set too.");
        expectRefusal(Map.of("ROOMWARDEN_OIDC_ISSUER_URI", "idp.example.com", "ROOMWARDEN_OIDC_CLIENT_ID", "rw"),
                "must be the provider's https:// issuer URL");
    }

    private void expectRefusal(Map<String, Object> variables, String reason) {
        withEnvironment(variables).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining(reason);
        });
    }

    @Test
    void theRolesClaimIsAListOrAStringOrANestedList() {
        var claims = Map.<String, Object>of("groups", List.of("a", "b"), "role", "admin",
                "realm_access", Map.of("roles", List.of("rw-admins", "offline_access")));

        assertThat(StaffOidcUserService.claimValues(claims, "groups")).containsExactly("a", "b");
        assertThat(StaffOidcUserService.claimValues(claims, "role")).containsExactly("admin");
        assertThat(StaffOidcUserService.claimValues(claims, "realm_access.roles")).containsExactly("rw-admins", "offline_access");
        assertThat(StaffOidcUserService.claimValues(claims, "missing")).isEmpty();
    }
}
