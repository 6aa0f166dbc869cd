package io.statelessmcp.bootstrap.database;

import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Applies the Liquibase changelog at start, over a short-lived JDBC connection; the app itself
 * talks R2DBC. Liquibase's lock table makes concurrent starts of several replicas safe.
 */
public final class SchemaMigration {

  public static final String CHANGELOG = "classpath:db/changelog/db.changelog-master.yaml";

  private SchemaMigration() {}

  public static void apply(SupabaseDbUrl database) {
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(
        new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
    liquibase.setChangeLog(CHANGELOG);
    liquibase.setResourceLoader(new DefaultResourceLoader(SchemaMigration.class.getClassLoader()));
    try {
      liquibase.afterPropertiesSet();
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not apply the database changelog to " + database + ": " + e.getMessage(), e);
    }
  }
}
