# syntax=docker/dockerfile:1
# Build: the Maven Wrapper inside a full JDK; the dependency layer is cached while only sources change.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q -B dependency:go-offline
COPY src/ src/
# Extracted as a plain jar (roomwarden.jar) beside lib/, not as the launcher's exploded classes: class data
# sharing archives only classes loaded from jars by the JVM's own class loaders.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q -B -DskipTests package \
    && java -Djarmode=tools -jar target/roomwarden-*.jar extract --layers --application-filename roomwarden.jar --destination /layers

# Run: a JRE only, the layered jar (dependencies change least, so they come first), a non-root user.
FROM eclipse-temurin:17-jre
RUN groupadd --system roomwarden && useradd --system --gid roomwarden --home-dir /app --shell /usr/sbin/nologin roomwarden \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# Sized for 256 MiB of resident memory with 50 staff (README, "Memory"; docs/benchmarks.md): an 80 MiB heap
# that grows from 32 MiB and gives memory back, the serial collector, C1 only with one compiler thread, smaller
# thread stacks and code cache, two malloc arenas instead of one per thread. Override JAVA_TOOL_OPTIONS to grow.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms32m -Xmx80m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=40 -Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2
# Class data sharing: a training run starts the application context and exits (no web server, no LiveKit call),
# writing the classes it loaded to roomwarden.jsa. Its database is in memory and its settings are throwaway, so
# nothing of it stays in the image but the archive. A JVM that cannot use the archive starts without it.
RUN LIVEKIT_URL=http://127.0.0.1:7880 LIVEKIT_API_KEY=cds-training LIVEKIT_API_SECRET=cds-training-secret-unused-anywhere \
        ROOMWARDEN_ADMIN_PASSWORD=cds-training-password-unused SPRING_DATASOURCE_URL=jdbc:h2:mem:cds-training \
        java -XX:ArchiveClassesAtExit=/app/roomwarden.jsa -Dspring.context.exit=onRefresh -jar /app/roomwarden.jar \
    && { test -s /app/roomwarden.jsa || echo "warning: no class data sharing archive was written; Roomwarden starts without it"; }
RUN mkdir -p /app/data && chown roomwarden:roomwarden /app/data
USER roomwarden
# Configuration comes from the environment only: LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET,
# ROOMWARDEN_ADMIN_USERNAME, ROOMWARDEN_ADMIN_PASSWORD, SPRING_DATASOURCE_URL, ... (all in docs/deploy.md).
ENV SPRING_DATASOURCE_URL=jdbc:h2:file:/app/data/roomwarden
VOLUME /app/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/roomwarden.jsa", "-jar", "/app/roomwarden.jar"]
