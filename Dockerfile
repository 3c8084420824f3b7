# syntax=docker/dockerfile:1
# Build: the Maven Wrapper inside a full JDK; the dependency layer is cached while only sources change.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q -B dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q -B -DskipTests package \
    && java -Djarmode=tools -jar target/roomwarden-*.jar extract --layers --launcher --destination /layers

# Run: a JRE only, the layered jar (dependencies change least, so they come first), a non-root user.
FROM eclipse-temurin:17-jre
RUN groupadd --system roomwarden && useradd --system --gid roomwarden --home-dir /app --shell /usr/sbin/nologin roomwarden \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
RUN mkdir -p /app/data && chown roomwarden:roomwarden /app/data
USER roomwarden
# Configuration comes from the environment only: LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET,
# ROOMWARDEN_ADMIN_USERNAME, ROOMWARDEN_ADMIN_PASSWORD, SPRING_DATASOURCE_URL, ... (all in docs/deploy.md).
ENV SPRING_DATASOURCE_URL=jdbc:h2:file:/app/data/roomwarden \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME /app/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
