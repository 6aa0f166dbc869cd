package io.statelessmcp.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts what the server asks of PostgreSQL, from {@code pg_stat_statements} (shipped with the
 * zonky PostgreSQL 17 binaries; the benchmark adds it to {@code shared_preload_libraries} of the
 * fresh data directory before the server starts it). Every statement the server sends is one
 * client/server round trip (the R2DBC driver sends parse/bind/execute/sync together and waits for
 * the answer), so the sum of {@code calls} between two snapshots, divided by the HTTP requests
 * served, is the number of round trips per request. {@code rows} of the {@code UPDATE mcp_sessions}
 * statements counts row writes. Our own monitoring queries are left out by text.
 */
final class PgStatements implements AutoCloseable {

  /** One statement's counters at a point in time. */
  record Counter(String query, long calls, long rows) {}

  /** Differences between two snapshots, largest first. */
  record Delta(List<Counter> statements) {

    long calls() {
      return statements.stream().mapToLong(Counter::calls).sum();
    }

    long rowsMatching(String fragment) {
      return statements.stream()
          .filter(c -> c.query().contains(fragment))
          .mapToLong(Counter::rows)
          .sum();
    }

    long callsMatching(String fragment) {
      return statements.stream()
          .filter(c -> c.query().contains(fragment))
          .mapToLong(Counter::calls)
          .sum();
    }
  }

  private final Connection connection;

  PgStatements(int port) throws SQLException {
    connection =
        DriverManager.getConnection(
            "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }
  }

  Map<String, Counter> snapshot() {
    Map<String, Counter> counters = new HashMap<>();
    String sql =
        "SELECT s.queryid::text, s.query, s.calls, s.rows FROM pg_stat_statements s"
            + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'postgres'"
            + " AND s.query NOT ILIKE '%pg_stat_statements%'"
            + " AND s.query NOT ILIKE '%CREATE EXTENSION%'";
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        counters.merge(
            r.getString(1),
            new Counter(oneLine(r.getString(2)), r.getLong(3), r.getLong(4)),
            (a, b) -> new Counter(a.query(), a.calls() + b.calls(), a.rows() + b.rows()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read pg_stat_statements", e);
    }
    return counters;
  }

  /** Average size of the stored token ciphertext, for the AES-GCM microbenchmark's payload. */
  String ciphertextBytes() {
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery("SELECT round(avg(octet_length(token_ciphertext))) FROM mcp_sessions")) {
      return r.next() ? r.getString(1) : "?";
    } catch (SQLException e) {
      return "? (" + e.getMessage() + ")";
    }
  }

  static Delta delta(Map<String, Counter> before, Map<String, Counter> after) {
    List<Counter> changed = new ArrayList<>();
    for (Map.Entry<String, Counter> entry : after.entrySet()) {
      Counter earlier = before.get(entry.getKey());
      long calls = entry.getValue().calls() - (earlier == null ? 0 : earlier.calls());
      long rows = entry.getValue().rows() - (earlier == null ? 0 : earlier.rows());
      if (calls > 0) {
        changed.add(new Counter(entry.getValue().query(), calls, rows));
      }
    }
    changed.sort((a, b) -> Long.compare(b.calls(), a.calls()));
    return new Delta(changed);
  }

  private static String oneLine(String query) {
    String flat = query.replaceAll("\\s+", " ").trim();
    return flat.length() > 110 ? flat.substring(0, 107) + "..." : flat;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
