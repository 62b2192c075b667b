# One image for every role; PREWARM_ROLES picks what a container runs.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests install

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/launcher/target/prewarm.jar /app/prewarm.jar
COPY --from=build /src/launcher/target/lib /app/lib
ENV PREWARM_DATA_DIR=/data PREWARM_HTTP_PORT=8080
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/app/prewarm.jar:/app/lib/*", "io.prewarm.launcher.PrewarmMain"]
