package io.statelessmcp.bootstrap.schemacheck;

import io.statelessmcp.bootstrap.schemacheck.ExpectedSchema.Column;
import io.statelessmcp.bootstrap.schemacheck.ExpectedSchema.Index;
import io.statelessmcp.bootstrap.schemacheck.ExpectedSchema.Policy;
import io.statelessmcp.bootstrap.schemacheck.ExpectedSchema.Table;
import io.statelessmcp.bootstrap.schemacheck.ExpectedSchema.View;
import io.statelessmcp.bootstrap.schemacheck.SchemaReport.Status;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Compares a database with {@link ExpectedSchema}, reading only the catalog (one read-only
 * transaction; nothing is created, changed or migrated), for {@code java -jar ... check-schema}.
 */
public final class SchemaCheck {

  private final Connection connection;
  private final SchemaReport report = new SchemaReport();

  private SchemaCheck(Connection connection) {
    this.connection = connection;
  }

  /** Checks the schema {@code public} of the database behind {@code connection}. */
  public static SchemaReport run(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (Statement sql = connection.createStatement()) {
        sql.execute("SET TRANSACTION READ ONLY");
        // Deterministic deparsing of policy expressions (auth.jwt() stays qualified). LOCAL, so
        // it ends with the transaction, also on a transaction pooler.
        sql.execute("SET LOCAL search_path = pg_catalog");
      }
      return new SchemaCheck(connection).checkAll();
    } finally {
      connection.rollback();
      connection.setAutoCommit(autoCommit);
    }
  }

  private SchemaReport checkAll() throws SQLException {
    boolean rolesPresent = checkRoles();
    List<Table> presentTables = new ArrayList<>();
    for (Table table : ExpectedSchema.TABLES) {
      if (checkTable(table)) {
        presentTables.add(table);
      }
    }
    boolean viewPresent = checkView(ExpectedSchema.ACTIVE_SESSIONS_VIEW);
    if (rolesPresent) {
      checkGrants(presentTables, viewPresent);
    }
    checkPurgeFunction(rolesPresent);
    checkAnnounceTrigger();
    checkCronJob();
    return report;
  }

  private boolean checkRoles() throws SQLException {
    List<String> expected = List.of("anon", "authenticated", "service_role");
    Set<String> present = new TreeSet<>();
    for (List<Object> row :
        query(
            "SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated',"
                + " 'service_role')")) {
      present.add((String) row.get(0));
    }
    boolean all = true;
    for (String role : expected) {
      if (!present.contains(role)) {
        report.add(Status.MISSING, "role " + role);
        all = false;
      }
    }
    if (all) {
      report.ok("roles " + String.join(", ", expected));
    }
    return all;
  }

  /** Returns whether the table exists. */
  private boolean checkTable(Table table) throws SQLException {
    List<Object> relation =
        relation(
            "table", table.name(), List.of("r", "p"), "c.relrowsecurity, c.relforcerowsecurity");
    if (relation == null) {
      return false;
    }
    report.ok("table " + table.name());
    long oid = ((Number) relation.get(0)).longValue();
    checkColumns(table, oid);
    checkIndexes(table, oid);
    checkRowLevelSecurity(table.name(), (Boolean) relation.get(2), (Boolean) relation.get(3));
    checkPolicies(table);
    return true;
  }

  /**
   * The public relation {@code name}: its oid, its relkind, then {@code moreColumns} of pg_class.
   * Null, and reported, when there is none or it is not of one of {@code kinds}.
   */
  private List<Object> relation(String what, String name, List<String> kinds, String moreColumns)
      throws SQLException {
    List<List<Object>> found =
        query(
            "SELECT c.oid, c.relkind::text, "
                + moreColumns
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relname = ?",
            name);
    if (found.isEmpty()) {
      report.add(Status.MISSING, what + " " + name);
      return null;
    }
    List<Object> relation = found.get(0);
    if (!kinds.contains((String) relation.get(1))) {
      report.add(Status.DIFFERENT, name + " is not a " + what);
      return null;
    }
    return relation;
  }

  private void checkColumns(Table table, long oid) throws SQLException {
    String prefix = "column " + table.name() + ".";
    compareByName(
        columns(oid),
        table.columns(),
        Column::name,
        column -> prefix + column.name() + " " + describe(column),
        (column, expected) ->
            prefix
                + column.name()
                + " is "
                + describe(column)
                + ", expected "
                + describe(expected));
  }

  private Map<String, Column> columns(long oid) throws SQLException {
    return byName(
        "SELECT attname::text, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute"
            + " WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        oid,
        row -> new Column((String) row.get(0), (String) row.get(1), (Boolean) row.get(2)));
  }

  /** The rows {@code sql} finds, each read by {@code read}, by the name in their first column. */
  private <T> Map<String, T> byName(String sql, Object parameter, Function<List<Object>, T> read)
      throws SQLException {
    Map<String, T> byName = new LinkedHashMap<>();
    for (List<Object> row : query(sql, parameter)) {
      byName.put((String) row.get(0), read.apply(row));
    }
    return byName;
  }

  private static String describe(Column column) {
    return column.type() + (column.notNull() ? " not null" : " null");
  }

  private void checkIndexes(Table table, long oid) throws SQLException {
    Map<String, Index> actual =
        byName(
            "SELECT i.relname::text, x.indisunique, pg_get_indexdef(x.indexrelid)"
                + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                + " WHERE x.indrelid = ?::oid ORDER BY i.relname",
            oid,
            row -> {
              String definition = (String) row.get(2);
              int using = definition.indexOf(" USING ");
              return new Index(
                  (String) row.get(0),
                  (Boolean) row.get(1),
                  using < 0 ? definition : definition.substring(using + " USING ".length()));
            });
    compareByName(
        actual,
        table.indexes(),
        Index::name,
        index -> "index " + describe(index),
        (index, expected) -> "index " + describe(index) + ", expected " + describe(expected));
  }

  /**
   * Matches what the database has with what is expected, by name: each expected one is missing,
   * different or as expected; what is left over is not in the changelog, and is left alone.
   */
  private <T> void compareByName(
      Map<String, T> actual,
      List<T> expected,
      Function<T, String> name,
      Function<T, String> label,
      BiFunction<T, T, String> difference) {
    for (T wanted : expected) {
      T found = actual.remove(name.apply(wanted));
      if (found == null) {
        report.add(Status.MISSING, label.apply(wanted));
      } else if (!found.equals(wanted)) {
        report.add(Status.DIFFERENT, difference.apply(found, wanted));
      } else {
        report.ok(label.apply(wanted));
      }
    }
    for (T extra : actual.values()) {
      report.add(Status.NOTE, label.apply(extra) + " is not in the changelog (left alone)");
    }
  }

  private static String describe(Index index) {
    return index.name() + (index.unique() ? " unique " : " ") + index.definition();
  }

  private void checkRowLevelSecurity(String table, boolean enabled, boolean forced) {
    if (enabled && forced) {
      report.ok("RLS enabled and forced on " + table);
    } else if (enabled) {
      report.add(
          Status.DIFFERENT,
          "RLS enabled but not forced on "
              + table
              + ": the table owner bypasses the policies (ALTER TABLE "
              + table
              + " FORCE ROW LEVEL SECURITY)");
    } else {
      report.add(
          Status.DIFFERENT,
          "RLS not enabled on "
              + table
              + ": every role with a grant sees every row (ALTER TABLE "
              + table
              + " ENABLE ROW LEVEL SECURITY)");
    }
  }

  private void checkPolicies(Table table) throws SQLException {
    Map<String, Policy> actual = new LinkedHashMap<>();
    Map<String, String> permissive = new LinkedHashMap<>();
    for (List<Object> row :
        query(
            "SELECT policyname::text, permissive, roles::text[], cmd, qual, with_check"
                + " FROM pg_policies WHERE schemaname = 'public' AND tablename = ?"
                + " ORDER BY policyname",
            table.name())) {
      String name = (String) row.get(0);
      permissive.put(name, (String) row.get(1));
      actual.put(
          name,
          new Policy(
              name,
              (String) row.get(3),
              new TreeSet<>(Arrays.asList((String[]) row.get(2))),
              (String) row.get(4),
              (String) row.get(5)));
    }
    for (Policy expected : table.policies()) {
      Policy policy = actual.remove(expected.name());
      if (policy == null) {
        report.add(Status.MISSING, "policy " + describe(expected) + " on " + table.name());
        continue;
      }
      List<String> differences = new ArrayList<>();
      if (!"PERMISSIVE".equals(permissive.get(expected.name()))) {
        differences.add("is " + permissive.get(expected.name()) + ", expected PERMISSIVE");
      }
      if (!policy.command().equals(expected.command())) {
        differences.add("applies to " + policy.command() + ", expected " + expected.command());
      }
      if (!new TreeSet<>(policy.roles()).equals(new TreeSet<>(expected.roles()))) {
        differences.add(
            "is for " + roles(policy.roles()) + ", expected " + roles(expected.roles()));
      }
      if (!sameExpression(policy.using(), expected.using())) {
        differences.add("USING " + policy.using() + ", expected " + expected.using());
      }
      if (!sameExpression(policy.withCheck(), expected.withCheck())) {
        differences.add("WITH CHECK " + policy.withCheck() + ", expected " + expected.withCheck());
      }
      if (differences.isEmpty()) {
        report.ok("policy " + describe(expected) + " on " + table.name());
      } else {
        report.add(
            Status.DIFFERENT,
            "policy "
                + expected.name()
                + " on "
                + table.name()
                + ": "
                + String.join("; ", differences));
      }
    }
    for (Policy extra : actual.values()) {
      report.add(
          Status.EXTRA,
          "policy "
              + describe(extra)
              + " on "
              + table.name()
              + " is not in the changelog; a permissive policy widens access, review it");
    }
  }

  private static String describe(Policy policy) {
    return policy.name() + " (" + policy.command() + ", " + roles(policy.roles()) + ")";
  }

  private static String roles(Set<String> roles) {
    return String.join(", ", new TreeSet<>(roles));
  }

  private static boolean sameExpression(String actual, String expected) {
    return Objects.equals(withoutSpace(actual), withoutSpace(expected));
  }

  private static String withoutSpace(String expression) {
    return expression == null ? null : expression.replaceAll("\\s+", "");
  }

  /** Returns whether the view exists. */
  private boolean checkView(View view) throws SQLException {
    List<Object> relation =
        relation("view", view.name(), List.of("v"), "array_to_string(c.reloptions, ',')");
    if (relation == null) {
      return false;
    }
    List<String> columns =
        new ArrayList<>(columns(((Number) relation.get(0)).longValue()).keySet());
    List<String> problems = new ArrayList<>();
    List<String> secrets =
        ExpectedSchema.SECRET_COLUMNS.stream().filter(columns::contains).toList();
    if (!secrets.isEmpty()) {
      problems.add("shows secret column(s) " + String.join(", ", secrets));
    }
    if (!securityInvoker((String) relation.get(2))) {
      problems.add(
          "is not security_invoker, so it reads with its owner's rights and bypasses row-level"
              + " security");
    }
    if (secrets.isEmpty() && !columns.equals(view.columns())) {
      problems.add("has columns " + columns + ", expected " + view.columns());
    }
    if (problems.isEmpty()) {
      report.ok("view " + view.name() + " (security_invoker, no secret columns)");
    } else {
      report.add(Status.DIFFERENT, "view " + view.name() + " " + String.join("; ", problems));
    }
    return true;
  }

  private static boolean securityInvoker(String options) {
    if (options == null) {
      return false;
    }
    for (String option : options.split(",")) {
      String[] pair = option.split("=", 2);
      if (pair.length == 2
          && pair[0].trim().equals("security_invoker")
          && Set.of("true", "on", "1", "yes").contains(pair[1].trim().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private void checkGrants(List<Table> presentTables, boolean viewPresent) throws SQLException {
    List<String> relations = new ArrayList<>();
    for (Table table : presentTables) {
      relations.add("public." + table.name());
    }
    if (viewPresent) {
      relations.add("public." + ExpectedSchema.ACTIVE_SESSIONS_VIEW.name());
    }
    List<String> anonReaches = new ArrayList<>();
    for (String relation : relations) {
      if (anyPrivilege("anon", relation)) {
        anonReaches.add(relation);
      }
    }
    if (anonReaches.isEmpty()) {
      report.ok(
          "anon cannot read or change " + String.join(", ", relations).replace("public.", ""));
    } else {
      report.add(Status.DIFFERENT, "anon has privileges on " + String.join(", ", anonReaches));
    }

    List<String> writes = new ArrayList<>();
    if (presentTables.contains(ExpectedSchema.MCP_SESSIONS)) {
      String sessions = "public." + ExpectedSchema.MCP_SESSIONS.name();
      List<String> readable = new ArrayList<>();
      for (String column : ExpectedSchema.SECRET_COLUMNS) {
        if (bool(
            "SELECT has_column_privilege('authenticated', ?::text::regclass, ?::text, 'SELECT')",
            sessions,
            column)) {
          readable.add(column);
        }
      }
      if (readable.isEmpty()) {
        report.ok(
            "authenticated cannot read "
                + String.join(", ", ExpectedSchema.SECRET_COLUMNS)
                + " of mcp_sessions");
      } else {
        report.add(
            Status.DIFFERENT,
            "authenticated can read secret column(s) " + String.join(", ", readable));
      }
      if (bool(
          "SELECT has_table_privilege('authenticated', ?::text::regclass, 'INSERT, DELETE,"
              + " TRUNCATE')",
          sessions)) {
        writes.add("can insert or delete mcp_sessions rows");
      }
    }
    List<String> serviceOnly = new ArrayList<>();
    for (Table table : ExpectedSchema.SERVICE_ROLE_ONLY_TABLES) {
      if (presentTables.contains(table)) {
        serviceOnly.add(table.name());
        if (anyPrivilege("authenticated", "public." + table.name())) {
          writes.add("has privileges on " + table.name());
        }
      }
    }
    if (writes.isEmpty()) {
      report.ok(
          "authenticated cannot insert or delete sessions, nor touch "
              + String.join(", ", serviceOnly));
    } else {
      report.add(Status.DIFFERENT, "authenticated " + String.join("; ", writes));
    }
  }

  private boolean anyPrivilege(String role, String relation) throws SQLException {
    return bool(
        "SELECT has_table_privilege(?::name, ?::text::regclass, 'SELECT, INSERT, UPDATE, DELETE,"
            + " TRUNCATE') OR has_any_column_privilege(?::name, ?::text::regclass, 'SELECT, INSERT,"
            + " UPDATE')",
        role,
        relation,
        role,
        relation);
  }

  private void checkPurgeFunction(boolean rolesPresent) throws SQLException {
    String function = ExpectedSchema.PURGE_FUNCTION;
    List<List<Object>> found =
        query(
            "SELECT p.oid, p.prosecdef, array_to_string(p.proconfig, ','), p.prosrc FROM pg_proc p"
                + " WHERE p.oid = to_regprocedure(?)",
            "public." + function);
    if (found.isEmpty()) {
      report.add(Status.MISSING, "function " + function);
      return;
    }
    List<Object> row = found.get(0);
    List<String> problems = new ArrayList<>();
    if (!(Boolean) row.get(1)) {
      problems.add("is not SECURITY DEFINER");
    }
    String config = (String) row.get(2);
    if (config == null || !config.contains("search_path=")) {
      problems.add("has no fixed search_path");
    }
    if (!String.valueOf(row.get(3)).contains(ExpectedSchema.PURGE_FUNCTION_ALSO_PURGES)) {
      problems.add("does not purge the OAuth tables (it predates changeset 008)");
    }
    if (rolesPresent) {
      for (String role : ExpectedSchema.API_ROLES) {
        if (bool(
            "SELECT has_function_privilege(?::name, ?::oid, 'EXECUTE')",
            role,
            ((Number) row.get(0)).longValue())) {
          problems.add("can be called by " + role);
        }
      }
    }
    if (problems.isEmpty()) {
      report.ok(
          "function "
              + function
              + " (security definer, fixed search_path, not callable by anon or authenticated)");
    } else {
      report.add(Status.DIFFERENT, "function " + function + " " + String.join("; ", problems));
    }
  }

  private void checkAnnounceTrigger() throws SQLException {
    String trigger = ExpectedSchema.ANNOUNCE_TRIGGER;
    boolean enabled =
        bool(
            "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = ? AND tgenabled <> 'D'"
                + " AND tgrelid = to_regclass('public.mcp_sessions'))",
            trigger);
    if (enabled) {
      report.ok("trigger " + trigger + " on mcp_sessions");
    } else {
      report.add(
          Status.MISSING,
          "trigger "
              + trigger
              + " on mcp_sessions (requests waiting for another replica's refresh will poll)");
    }
  }

  private void checkCronJob() throws SQLException {
    List<List<Object>> extension =
        query("SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'");
    if (extension.isEmpty()) {
      report.add(
          Status.NOTE,
          "pg_cron not installed: the application's purge (MCP_PURGE_ENABLED) deletes expired"
              + " sessions");
      return;
    }
    String job = ExpectedSchema.CRON_JOB;
    Savepoint savepoint = connection.setSavepoint();
    List<List<Object>> jobs;
    try {
      jobs =
          query(
              "SELECT schedule, command, active FROM cron.job WHERE jobname = ? ORDER BY jobid",
              job);
    } catch (SQLException e) {
      connection.rollback(savepoint);
      report.add(
          Status.UNKNOWN,
          "pg_cron job " + job + " could not be read (" + e.getMessage().strip() + ")");
      return;
    }
    if (jobs.isEmpty()) {
      report.add(
          Status.MISSING,
          "pg_cron job "
              + job
              + " (pg_cron "
              + extension.get(0).get(0)
              + " is installed: apply the changelog again to schedule it)");
      return;
    }
    List<Object> row = jobs.get(0);
    List<String> problems = new ArrayList<>();
    if (!ExpectedSchema.CRON_SCHEDULE.equals(row.get(0))) {
      problems.add(
          "runs on '"
              + row.get(0)
              + "', expected every minute '"
              + ExpectedSchema.CRON_SCHEDULE
              + "'");
    }
    if (!String.valueOf(row.get(1)).contains(ExpectedSchema.CRON_COMMAND_CALLS)) {
      problems.add(
          "runs '" + row.get(1) + "', expected a call of " + ExpectedSchema.CRON_COMMAND_CALLS);
    }
    if (!Boolean.TRUE.equals(row.get(2))) {
      problems.add("is not active");
    }
    if (problems.isEmpty()) {
      report.ok("pg_cron job " + job + " every minute");
    } else {
      report.add(Status.DIFFERENT, "pg_cron job " + job + " " + String.join("; ", problems));
    }
  }

  private boolean bool(String sql, Object... parameters) throws SQLException {
    return Boolean.TRUE.equals(query(sql, parameters).get(0).get(0));
  }

  private List<List<Object>> query(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        List<List<Object>> rows = new ArrayList<>();
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            Object value = result.getObject(i);
            if (value instanceof Array array) {
              value = array.getArray();
            }
            row.add(value);
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }
}
