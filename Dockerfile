# syntax=docker/dockerfile:1
# For people who prefer a Dockerfile. The build's own image is made by Jib without a Docker daemon
# (mvn -B -Pimage package, see docs/deploy.md); both run the same way: non-root user 65532, heap as
# a share of the container's memory limit, port 8080.
#
#   docker build -t mcp-session-server .
#   docker run --rm -p 8080:8080 --env-file .env mcp-session-server
#   docker run --rm --env-file .env mcp-session-server check-schema
#   docker run --rm --env-file .env mcp-session-server migrate

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The Maven cache survives between builds (BuildKit); the tests run in CI, not here.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package \
 && java -Djarmode=tools -jar bootstrap/target/mcp-session-server.jar extract --layers \
      --destination /extracted

# JDK 25 runtime: its AOT cache was the fastest cold start measured (docs/performance.md: 1.4-1.8 s
# to the first served call with this onRefresh training, 1.3-1.5 s when trained by serving, against
# 3.4-4.5 s for a plain `java -jar`); the bytecode is Java 17. For the fastest replica starts, also
# set MCP_MIGRATE_ON_START=false and run `migrate` once per release (docs/deploy.md).
FROM eclipse-temurin:25-jre
WORKDIR /app
# One layer per Spring Boot jar layer: a code change rebuilds only the last one.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# Training run: start until the context is refreshed and record the AOT cache. Memory mode, so the
# build needs no database; the cache then holds everything up to the web server's start.
RUN MCP_SESSION_STORE=memory java -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh \
      -jar /app/mcp-session-server.jar
USER 65532:65532
ENV PORT=8080
EXPOSE 8080
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/mcp-session-server.jar"]
