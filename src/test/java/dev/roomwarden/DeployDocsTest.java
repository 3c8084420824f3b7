package dev.roomwarden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/compose.yaml and docs/deploy.md as a reader would use them, though no container engine runs here:
 * the compose file parses and fits together (images, build, health checks, start order, the LiveKit
 * configuration it mounts), gives Roomwarden only variables Roomwarden reads, and the guide's table names
 * every setting Roomwarden has.
 */
class DeployDocsTest {

    private static final Path DOCS = Path.of("docs");
    private static final Pattern TABLE_VARIABLE = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)[:}]");

    private static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(DOCS.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> service(String name) throws IOException {
        return map(map(yaml("compose.yaml").get("services")).get(name));
    }

    private static Map<String, Object> environment(String service) throws IOException {
        return map(service(service).get("environment"));
    }

    /** How Spring Boot matches a variable to a property: case, dots, dashes and underscores aside. */
    private static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Every property a library on the class path or Roomwarden itself declares. */
    private static Set<String> declaredProperties() throws IOException {
        var names = new HashSet<String>();
        var json = JsonMapper.builder().build();
        for (var url : Collections.list(DeployDocsTest.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (var in = url.openStream()) {
                json.readTree(in).path("properties").forEach(property -> names.add(property.path("name").asString()));
            }
        }
        return names;
    }

    /** The variables application.yaml reads by their own name (LIVEKIT_URL, ...). */
    private static Set<String> placeholders() throws IOException {
        var matcher = PLACEHOLDER.matcher(Files.readString(Path.of("src/main/resources/application.yaml")));
        var names = new HashSet<String>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Properties application.yaml takes from a variable of another name ({@code roomwarden.livekit.url: ${LIVEKIT_URL:}}). */
    private static Map<String, String> variablesOfProperties() throws IOException {
        var variables = new HashMap<String, String>();
        flatten("", new Yaml().load(Files.readString(Path.of("src/main/resources/application.yaml"))), variables);
        variables.replaceAll((property, value) -> {
            var matcher = PLACEHOLDER.matcher(value);
            return matcher.find() ? matcher.group(1) : property;
        });
        return variables;
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> children) {
            children.forEach((key, child) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, child, into));
        } else {
            into.put(prefix, String.valueOf(value));
        }
    }

    @Test
    void theComposeFileBuildsRoomwardenFromThisRepositoryBesidePostgresqlAndLiveKit() throws IOException {
        var services = map(yaml("compose.yaml").get("services"));
        assertThat(services).containsOnlyKeys("roomwarden", "postgres", "livekit");

        var build = map(service("roomwarden").get("build"));
        var dockerfile = DOCS.resolve((String) build.get("context")).resolve((String) build.get("dockerfile")).normalize();
        assertThat(dockerfile.toAbsolutePath()).isEqualTo(Path.of("Dockerfile").toAbsolutePath());
        assertThat((String) service("postgres").get("image")).startsWith("postgres:");
        assertThat((String) service("livekit").get("image")).startsWith("livekit/livekit-server:");

        for (var name : services.keySet()) {
            var healthcheck = map(service(name).get("healthcheck"));
            assertThat(healthcheck.get("test")).as(name + " healthcheck").asInstanceOf(InstanceOfAssertFactories.LIST)
                    .isNotEmpty();
        }
        assertThat(String.join(" ", (List<String>) map(service("roomwarden").get("healthcheck")).get("test")))
                .as("Roomwarden is healthy when ready").contains("/actuator/health/readiness");
        var dependsOn = map(service("roomwarden").get("depends_on"));
        assertThat(dependsOn).containsOnlyKeys("postgres", "livekit");
        dependsOn.values().forEach(dependency -> assertThat(map(dependency).get("condition")).isEqualTo("service_healthy"));

        for (var name : services.keySet()) {
            var volumes = service(name).get("volumes");
            for (var volume : volumes == null ? List.<String>of() : (List<String>) volumes) {
                if (volume.startsWith("./")) {
                    assertThat(DOCS.resolve(volume.substring(0, volume.indexOf(':')))).as(name + " mounts").isRegularFile();
                }
            }
        }
    }

    @Test
    void roomwardenIsGivenOnlyVariablesItReads() throws IOException {
        var known = declaredProperties().stream().map(DeployDocsTest::canonical).collect(Collectors.toSet());
        var placeholders = placeholders();
        var given = environment("roomwarden").keySet();
        assertThat(given).contains("LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "SPRING_DATASOURCE_URL",
                "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
        assertThat(given).as("variables nothing in Roomwarden reads")
                .allMatch(variable -> placeholders.contains(variable) || known.contains(canonical(variable)));
        assertThat(known).as("the check knows Boot's properties and Roomwarden's own")
                .contains(canonical("spring.datasource.url"), canonical("roomwarden.metrics.token"))
                .doesNotContain(canonical("ROOMWARDEN_NO_SUCH_SETTING"));
    }

    @Test
    void theServicesAgreeOnAddressesKeysAndTheWebhook() throws IOException {
        var roomwarden = environment("roomwarden");
        var livekitConfig = yaml("livekit.yaml");
        assertThat(roomwarden.get("LIVEKIT_URL")).isEqualTo("http://livekit:" + livekitConfig.get("port"));

        var key = (String) roomwarden.get("LIVEKIT_API_KEY");
        var webhook = map(livekitConfig.get("webhook"));
        assertThat(webhook.get("api_key")).as("webhooks signed with Roomwarden's key").isEqualTo(key);
        assertThat((List<String>) webhook.get("urls")).contains("http://roomwarden:8080/livekit/webhook");
        var keys = (String) environment("livekit").get("LIVEKIT_KEYS");
        assertThat(keys).startsWith(key + ": ");
        assertThat(secretVariable(keys)).isEqualTo(secretVariable((String) roomwarden.get("LIVEKIT_API_SECRET")))
                .isEqualTo("LIVEKIT_API_SECRET");
        assertThat(livekitConfig).doesNotContainKey("keys");

        var postgres = environment("postgres");
        assertThat(roomwarden.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
        assertThat(roomwarden.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(secretVariable((String) roomwarden.get("SPRING_DATASOURCE_PASSWORD")))
                .isEqualTo(secretVariable((String) postgres.get("POSTGRES_PASSWORD"))).isEqualTo("POSTGRES_PASSWORD");
    }

    /** The .env variable a value is taken from: "${NAME:?message}" is NAME. */
    private static String secretVariable(String value) {
        var matcher = PLACEHOLDER.matcher(value);
        assertThat(matcher.find()).as(value).isTrue();
        return matcher.group(1);
    }

    @Test
    void theGuidesTableNamesEverySettingRoomwardenHasAndEveryVariableTheComposeFileSets() throws IOException {
        var guide = Files.readString(DOCS.resolve("deploy.md"));
        var matcher = TABLE_VARIABLE.matcher(guide);
        var documented = new HashSet<String>();
        while (matcher.find()) {
            documented.add(canonical(matcher.group(1)));
        }
        var roomwardenSettings = declaredProperties().stream().filter(name -> name.startsWith("roomwarden.")).toList();
        assertThat(roomwardenSettings).hasSizeGreaterThan(20);
        var readFrom = variablesOfProperties();
        assertThat(roomwardenSettings).as("settings missing from docs/deploy.md")
                .allMatch(name -> documented.contains(canonical(readFrom.getOrDefault(name, name))));
        assertThat(placeholders()).allMatch(name -> documented.contains(canonical(name)));
        assertThat(environment("roomwarden").keySet()).allMatch(name -> documented.contains(canonical(name)));
        assertThat(documented).contains(canonical("SPRING_DATASOURCE_URL"), canonical("SPRING_DATASOURCE_USERNAME"),
                canonical("SPRING_DATASOURCE_PASSWORD"), canonical("ROOMWARDEN_OIDC_ISSUER_URI"),
                canonical("ROOMWARDEN_OIDC_CLIENT_ID"), canonical("ROOMWARDEN_OIDC_CLIENT_SECRET"),
                canonical("MANAGEMENT_SERVER_PORT"), canonical("LOGGING_STRUCTURED_FORMAT_CONSOLE"));
    }

    @Test
    void theReadmeLeadsToTheGuide() throws IOException {
        assertThat(Files.readString(Path.of("README.md"))).contains("](docs/deploy.md)");
        assertThat(Files.readString(DOCS.resolve("deploy.md"))).contains("](compose.yaml)", "](livekit.yaml)");
    }
}
