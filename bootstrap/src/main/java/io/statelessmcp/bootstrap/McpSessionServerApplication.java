package io.statelessmcp.bootstrap;

import io.statelessmcp.bootstrap.cli.CommandLine;
import io.statelessmcp.bootstrap.cli.OneLineFailureReporter;
import io.statelessmcp.bootstrap.cli.StartChecks;
import io.statelessmcp.bootstrap.database.MigrateCommand;
import io.statelessmcp.bootstrap.schemacheck.SchemaCheckCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the MCP server. Only this package is scanned; adapters are built with {@code new}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class McpSessionServerApplication {

  /**
   * Reactor Netty 1.3.6 can stop reading a keep-alive connection when the next request arrives
   * before the previous one's operations have ended (reactor/reactor-netty#4361); this option makes
   * it end them first. Set before any Netty class loads; an explicit -D setting wins.
   */
  static final String NETTY_KEEP_ALIVE_WORKAROUND = "reactor.netty.http.server.lastFlushWhenNoRead";

  static {
    if (System.getProperty(NETTY_KEEP_ALIVE_WORKAROUND) == null) {
      System.setProperty(NETTY_KEEP_ALIVE_WORKAROUND, "true");
    }
  }

  public static void main(String[] args) {
    CommandLine.exitIfHandled(args); // --help, --version, or an argument it does not know
    SchemaCheckCommand.exitIfRequested(args); // "check-schema": check the database and exit
    MigrateCommand.exitIfRequested(args); // "migrate": apply the changelog and exit
    StartChecks.exitIfRefused(args); // every setting, and the port, before anything starts
    try {
      SpringApplication.run(McpSessionServerApplication.class, args);
    } catch (RuntimeException e) {
      if (OneLineFailureReporter.oneLine(e).isPresent()) {
        System.exit(CommandLine.REFUSED); // its line is printed, in place of a stack trace
      }
      throw e;
    }
  }
}
