# syntax=docker/dockerfile:1
# For people who prefer a Dockerfile. The build's own image is made by Jib without a Docker daemon
# (mvn -B -Pimage package, see docs/deploy.md); both run the same way: non-root user 65532, heap as
# a share of the container's memory limit, port 8080.
#
#   docker build -t mcp-session-server .
#   docker run --rm -p 8080:8080 --env-file .env mcp-session-server
#   docker run --rm --env-file .env mcp-session-server check-schema

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The Maven cache survives between builds (BuildKit); the tests run in CI, not here.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package \
 && java -Djarmode=tools -jar bootstrap/target/mcp-session-server.jar extract --layers \
      --destination /extracted

FROM eclipse-temurin:17-jre
WORKDIR /app
# One layer per Spring Boot jar layer: a code change rebuilds only the last one.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 65532:65532
ENV PORT=8080
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/mcp-session-server.jar"]
