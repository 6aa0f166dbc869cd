package io.statelessmcp.bootstrap.schemacheck;

import java.util.List;
import java.util.Set;

/**
 * What the Liquibase changelog ({@code liquibase/src/main/resources/db/changelog}) creates, in one
 * place: the tables with their columns and indexes, row-level security and its policies, the view,
 * the purge function and the pg_cron job. {@link SchemaCheck} compares a database with this. When a
 * changeset changes the schema, change this too ({@code SchemaCheckTest} fails until then).
 */
public final class ExpectedSchema {

  /** A column: its type as {@code format_type} prints it, and whether it is NOT NULL. */
  public record Column(String name, String type, boolean notNull) {}

  /** An index: {@code definition} is what {@code pg_get_indexdef} prints after "USING ". */
  public record Index(String name, boolean unique, String definition) {}

  /**
   * A permissive policy. {@code using} and {@code withCheck} are the expressions as {@code
   * pg_policies} prints them (compared without white space); null where the policy has none.
   */
  public record Policy(
      String name, String command, Set<String> roles, String using, String withCheck) {}

  public record Table(
      String name, List<Column> columns, List<Index> indexes, List<Policy> policies) {}

  public record View(String name, List<String> columns) {}

  /** Columns no API role may read, and no view may show. */
  public static final List<String> SECRET_COLUMNS =
      List.of("secret_hash", "token_ciphertext", "key_id", "refresh_lease_until");

  private static final String TIMESTAMPTZ = "timestamp with time zone";
  private static final String OWNER = "(user_id = ( SELECT (auth.jwt() ->> 'sub'::text)))";

  public static final Table MCP_SESSIONS =
      new Table(
          "mcp_sessions",
          List.of(
              new Column("session_id", "text", true),
              new Column("user_id", "text", true),
              new Column("secret_hash", "bytea", true),
              new Column("token_ciphertext", "bytea", true),
              new Column("key_id", "text", true),
              new Column("created_at", TIMESTAMPTZ, true),
              new Column("last_seen_at", TIMESTAMPTZ, true),
              new Column("expires_at", TIMESTAMPTZ, true),
              new Column("absolute_expires_at", TIMESTAMPTZ, true),
              new Column("version", "bigint", true),
              new Column("revoked_at", TIMESTAMPTZ, false),
              new Column("refresh_lease_until", TIMESTAMPTZ, false),
              new Column("user_agent", "text", false),
              new Column("ip", "text", false)),
          List.of(
              new Index("mcp_sessions_pkey", true, "btree (session_id)"),
              new Index("mcp_sessions_user_created_idx", false, "btree (user_id, created_at DESC)"),
              new Index("mcp_sessions_expires_at_idx", false, "btree (expires_at)"),
              new Index(
                  "mcp_sessions_revoked_at_idx",
                  false,
                  "btree (revoked_at) WHERE (revoked_at IS NOT NULL)")),
          List.of(
              new Policy("mcp_sessions_select_own", "SELECT", Set.of("authenticated"), OWNER, null),
              new Policy(
                  "mcp_sessions_revoke_own",
                  "UPDATE",
                  Set.of("authenticated"),
                  "(" + OWNER + " AND (revoked_at IS NULL))",
                  "(" + OWNER + " AND (revoked_at IS NOT NULL))"),
              new Policy(
                  "mcp_sessions_service_role_all", "ALL", Set.of("service_role"), "true", "true")));

  public static final Table MCP_LOGIN_STATES =
      new Table(
          "mcp_login_states",
          List.of(
              new Column("state_hash", "text", true),
              new Column("code_verifier_ciphertext", "bytea", true),
              new Column("key_id", "text", true),
              new Column("return_to", "text", false),
              new Column("linked_user_id", "text", false),
              new Column("created_at", TIMESTAMPTZ, true),
              new Column("expires_at", TIMESTAMPTZ, true)),
          List.of(
              new Index("mcp_login_states_pkey", true, "btree (state_hash)"),
              new Index("mcp_login_states_expires_at_idx", false, "btree (expires_at)")),
          List.of(
              new Policy(
                  "mcp_login_states_service_role_all",
                  "ALL",
                  Set.of("service_role"),
                  "true",
                  "true")));

  public static final List<Table> TABLES = List.of(MCP_SESSIONS, MCP_LOGIN_STATES);

  public static final View ACTIVE_SESSIONS_VIEW =
      new View(
          "active_mcp_sessions",
          List.of(
              "session_id",
              "user_id",
              "created_at",
              "last_seen_at",
              "expires_at",
              "absolute_expires_at",
              "user_agent",
              "ip"));

  /** Roles of Supabase's Data API: they must not reach secrets, nor the login states. */
  public static final List<String> API_ROLES = List.of("anon", "authenticated");

  public static final String PURGE_FUNCTION = "mcp_purge_expired_sessions(integer)";

  /** Announces session writes on LISTEN/NOTIFY; without it, waiting requests fall back to polls. */
  public static final String ANNOUNCE_TRIGGER = "mcp_sessions_announce_change";

  public static final String CRON_JOB = "mcp-sessions-purge";
  public static final String CRON_SCHEDULE = "* * * * *";
  public static final String CRON_COMMAND_CALLS = "mcp_purge_expired_sessions";

  private ExpectedSchema() {}
}
