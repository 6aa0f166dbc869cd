package io.statelessmcp.bootstrap;

import io.statelessmcp.bootstrap.database.MigrateCommand;
import io.statelessmcp.bootstrap.schemacheck.SchemaCheckCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the MCP server. Only this package is scanned; adapters are built with {@code new}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class McpSessionServerApplication {

  public static void main(String[] args) {
    SchemaCheckCommand.exitIfRequested(args); // "check-schema": check the database and exit
    MigrateCommand.exitIfRequested(args); // "migrate": apply the changelog and exit
    SpringApplication.run(McpSessionServerApplication.class, args);
  }
}
