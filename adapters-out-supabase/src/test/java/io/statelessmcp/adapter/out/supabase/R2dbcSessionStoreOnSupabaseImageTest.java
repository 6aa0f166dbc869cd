package io.statelessmcp.adapter.out.supabase;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The contract on Supabase's own PostgreSQL image, where Docker exists (CI, a developer's machine);
 * skipped cleanly without Docker. The changelog is applied as Supabase's {@code postgres} role, and
 * the app connects as that role, as it would on a Supabase project.
 */
@Testcontainers(disabledWithoutDocker = true)
class R2dbcSessionStoreOnSupabaseImageTest extends R2dbcSessionStoreContractBase {

  static final String IMAGE = "supabase/postgres:15.8.1.085";
  static final String PASSWORD = "test-only-password";

  @Container
  static final GenericContainer<?> SUPABASE =
      new GenericContainer<>(DockerImageName.parse(IMAGE))
          .withEnv("POSTGRES_PASSWORD", PASSWORD)
          .withExposedPorts(5432)
          .waitingFor(
              Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                  .withStartupTimeout(java.time.Duration.ofMinutes(3)));

  private static TestDatabase database;

  @Override
  synchronized TestDatabase database() {
    if (database == null) {
      database =
          new TestDatabase(
              "supabase/postgres image, app connects as postgres",
              SupabaseDbUrl.parse(
                  "postgresql://postgres:"
                      + PASSWORD
                      + "@"
                      + SUPABASE.getHost()
                      + ":"
                      + SUPABASE.getMappedPort(5432)
                      + "/postgres?sslmode=disable"),
              true);
      Migrations.updateLikeSpring(database.jdbcUrl(), "postgres", PASSWORD);
    }
    return database;
  }
}
