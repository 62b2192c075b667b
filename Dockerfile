# One image for every role; PREWARM_ROLES picks what a container runs.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The poms first, alone: the dependencies they name are a layer of their own, downloaded again
# only when a pom changes, not on every change of the code.
COPY pom.xml ./
COPY contract/pom.xml contract/
COPY documents/pom.xml documents/
COPY embedded-kafka/pom.xml embedded-kafka/
COPY test-support/pom.xml test-support/
COPY web/pom.xml web/
COPY edge-simulator/pom.xml edge-simulator/
COPY ingest-api/pom.xml ingest-api/
COPY expander/pom.xml expander/
COPY warmer/pom.xml warmer/
COPY webhooks/pom.xml webhooks/
COPY status-store/pom.xml status-store/
COPY launcher/pom.xml launcher/
RUN mvn -q -B dependency:go-offline -DexcludeReactor=true
COPY . .
RUN mvn -q -B -DskipTests install

FROM eclipse-temurin:17-jre
# Not root: a user of its own, owning only the data directory (mount a named volume there).
RUN groupadd --system prewarm && useradd --system --gid prewarm --home-dir /app --no-create-home prewarm \
    && mkdir -p /data && chown prewarm:prewarm /data
WORKDIR /app
COPY --from=build /src/launcher/target/prewarm.jar /app/prewarm.jar
COPY --from=build /src/launcher/target/lib /app/lib
ENV PREWARM_DATA_DIR=/data PREWARM_HTTP_PORT=8080
USER prewarm
EXPOSE 8080
VOLUME ["/data"]
# Alive means the process answers /health/live (bash's /dev/tcp: no curl in the image).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /health/live HTTP/1.0\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-cp", "/app/prewarm.jar:/app/lib/*", "io.prewarm.launcher.PrewarmMain"]
