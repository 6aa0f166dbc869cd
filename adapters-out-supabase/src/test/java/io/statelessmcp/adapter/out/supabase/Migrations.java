package io.statelessmcp.adapter.out.supabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.integration.spring.SpringLiquibase;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Applies the real changelog with liquibase-core over JDBC, as the app and the CLI do. */
final class Migrations {

  /** What Spring's Liquibase is given. */
  static final String SPRING_CHANGELOG = "classpath:db/changelog/db.changelog-master.yaml";

  /** Spring Boot's default {@code spring.liquibase.change-log}: the same file. */
  static final String SPRING_BOOT_DEFAULT_CHANGELOG =
      "classpath:/db/changelog/db.changelog-master.yaml";

  /** What the CLI is given, with {@code --search-path=liquibase/src/main/resources}. */
  static final String CLI_CHANGELOG = "db/changelog/db.changelog-master.yaml";

  /** The liquibase module's resources, as the CLI's search path sees them. */
  static final Path CLI_SEARCH_PATH = Path.of("..", "liquibase", "src", "main", "resources");

  private Migrations() {}

  /**
   * Like the application at start: Spring's Liquibase integration ({@link SpringLiquibase}, what
   * Spring Boot's auto-configuration runs) with the changelog from the classpath.
   */
  static void updateLikeSpring(String jdbcUrl, String user, String password) {
    updateLikeSpring(jdbcUrl, user, password, SPRING_CHANGELOG);
  }

  /** With another spelling of the classpath location, e.g. Spring Boot's default. */
  static void updateLikeSpring(String jdbcUrl, String user, String password, String changelog) {
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(new DriverManagerDataSource(jdbcUrl, user, password));
    liquibase.setChangeLog(changelog);
    liquibase.setResourceLoader(new DefaultResourceLoader(Migrations.class.getClassLoader()));
    try {
      liquibase.afterPropertiesSet();
    } catch (Exception e) {
      throw new IllegalStateException("Liquibase update failed on " + jdbcUrl + ": " + e, e);
    }
  }

  /** Like {@code liquibase --search-path=liquibase/src/main/resources ... update}. */
  static void updateLikeCli(String jdbcUrl, String user, String password) {
    try {
      update(
          jdbcUrl,
          user,
          password,
          new DirectoryResourceAccessor(CLI_SEARCH_PATH.toAbsolutePath().normalize()),
          CLI_CHANGELOG);
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalStateException("liquibase module sources not found", e);
    }
  }

  private static void update(
      String jdbcUrl, String user, String password, ResourceAccessor accessor, String changelog) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
      Database database =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      Scope.child(
          Map.of(Scope.Attr.resourceAccessor.name(), accessor),
          () ->
              new CommandScope(UpdateCommandStep.COMMAND_NAME)
                  .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                  .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                  .execute());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to " + jdbcUrl, e);
    } catch (Exception e) {
      throw new IllegalStateException("Liquibase update failed on " + jdbcUrl + ": " + e, e);
    }
  }
}
