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
              new Column("ip", "text", false),
              new Column("client_id", "text", false)),
          List.of(
              new Index("mcp_sessions_pkey", true, "btree (session_id)"),
              new Index(
                  "mcp_sessions_client_idx",
                  false,
                  "btree (client_id) WHERE (client_id IS NOT NULL)"),
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
              new Column("expires_at", TIMESTAMPTZ, true),
              new Column("oauth_client_id", "text", false),
              new Column("oauth_redirect_uri", "text", false),
              new Column("oauth_code_challenge", "text", false),
              new Column("oauth_state", "text", false),
              new Column("oauth_resource", "text", false),
              new Column("oauth_scope", "text", false)),
          List.of(
              new Index("mcp_login_states_pkey", true, "btree (state_hash)"),
              new Index("mcp_login_states_expires_at_idx", false, "btree (expires_at)"),
              new Index(
                  "mcp_login_states_oauth_client_idx",
                  false,
                  "btree (oauth_client_id) WHERE (oauth_client_id IS NOT NULL)")),
          List.of(serviceRoleOnly("mcp_login_states")));

  public static final Table MCP_OAUTH_CLIENTS =
      new Table(
          "mcp_oauth_clients",
          List.of(
              new Column("client_id", "text", true),
              new Column("registration", "text", true),
              new Column("redirect_uris", "text[]", true),
              new Column("client_name", "text", false),
              new Column("client_uri", "text", false),
              new Column("logo_uri", "text", false),
              new Column("scope", "text", false),
              new Column("grant_types", "text[]", true),
              new Column("response_types", "text[]", true),
              new Column("token_endpoint_auth_method", "text", true),
              new Column("created_at", TIMESTAMPTZ, true),
              new Column("last_used_at", TIMESTAMPTZ, false),
              new Column("expires_at", TIMESTAMPTZ, true),
              new Column("cache_until", TIMESTAMPTZ, false)),
          List.of(
              new Index("mcp_oauth_clients_pkey", true, "btree (client_id)"),
              new Index("mcp_oauth_clients_expires_at_idx", false, "btree (expires_at)")),
          List.of(serviceRoleOnly("mcp_oauth_clients")));

  public static final Table MCP_OAUTH_CONSENTS =
      new Table(
          "mcp_oauth_consents",
          List.of(
              new Column("browser_hash", "bytea", true),
              new Column("client_id", "text", true),
              new Column("created_at", TIMESTAMPTZ, true),
              new Column("expires_at", TIMESTAMPTZ, true)),
          List.of(
              new Index("mcp_oauth_consents_pkey", true, "btree (browser_hash, client_id)"),
              new Index("mcp_oauth_consents_client_idx", false, "btree (client_id)"),
              new Index("mcp_oauth_consents_expires_at_idx", false, "btree (expires_at)")),
          List.of(serviceRoleOnly("mcp_oauth_consents")));

  public static final Table MCP_OAUTH_AUTHORIZATION_CODES =
      new Table(
          "mcp_oauth_authorization_codes",
          List.of(
              new Column("code_hash", "bytea", true),
              new Column("client_id", "text", true),
              new Column("session_id", "text", true),
              new Column("redirect_uri", "text", true),
              new Column("code_challenge", "text", true),
              new Column("resource", "text", false),
              new Column("scope", "text", false),
              new Column("created_at", TIMESTAMPTZ, true),
              new Column("expires_at", TIMESTAMPTZ, true),
              new Column("used_at", TIMESTAMPTZ, false)),
          List.of(
              new Index("mcp_oauth_authorization_codes_pkey", true, "btree (code_hash)"),
              new Index("mcp_oauth_authorization_codes_session_idx", false, "btree (session_id)"),
              new Index("mcp_oauth_authorization_codes_client_idx", false, "btree (client_id)"),
              new Index(
                  "mcp_oauth_authorization_codes_expires_at_idx", false, "btree (expires_at)")),
          List.of(serviceRoleOnly("mcp_oauth_authorization_codes")));

  public static final Table MCP_OAUTH_REFRESH_TOKENS =
      new Table(
          "mcp_oauth_refresh_tokens",
          List.of(
              new Column("token_hash", "bytea", true),
              new Column("session_id", "text", true),
              new Column("client_id", "text", true),
              new Column("previous_hash", "bytea", false),
              new Column("created_at", TIMESTAMPTZ, true),
              new Column("first_used_at", TIMESTAMPTZ, false),
              new Column("revoked_at", TIMESTAMPTZ, false)),
          List.of(
              new Index("mcp_oauth_refresh_tokens_pkey", true, "btree (token_hash)"),
              new Index(
                  "mcp_oauth_refresh_tokens_one_live_successor",
                  true,
                  "btree (previous_hash) WHERE ((previous_hash IS NOT NULL) AND (revoked_at IS"
                      + " NULL))"),
              new Index("mcp_oauth_refresh_tokens_session_idx", false, "btree (session_id)"),
              new Index("mcp_oauth_refresh_tokens_client_idx", false, "btree (client_id)")),
          List.of(serviceRoleOnly("mcp_oauth_refresh_tokens")));

  public static final Table MCP_OAUTH_ACCESS_TOKENS =
      new Table(
          "mcp_oauth_access_tokens",
          List.of(
              new Column("token_hash", "bytea", true),
              new Column("session_id", "text", true),
              new Column("client_id", "text", true),
              new Column("resource", "text", false),
              new Column("scope", "text", false),
              new Column("created_at", TIMESTAMPTZ, true),
              new Column("expires_at", TIMESTAMPTZ, true)),
          List.of(
              new Index("mcp_oauth_access_tokens_pkey", true, "btree (token_hash)"),
              new Index("mcp_oauth_access_tokens_session_idx", false, "btree (session_id)"),
              new Index("mcp_oauth_access_tokens_client_idx", false, "btree (client_id)"),
              new Index("mcp_oauth_access_tokens_expires_at_idx", false, "btree (expires_at)")),
          List.of(serviceRoleOnly("mcp_oauth_access_tokens")));

  public static final List<Table> TABLES =
      List.of(
          MCP_SESSIONS,
          MCP_LOGIN_STATES,
          MCP_OAUTH_CLIENTS,
          MCP_OAUTH_CONSENTS,
          MCP_OAUTH_AUTHORIZATION_CODES,
          MCP_OAUTH_REFRESH_TOKENS,
          MCP_OAUTH_ACCESS_TOKENS);

  /** Tables only the application (service_role) may touch: no grant to any API role. */
  public static final List<Table> SERVICE_ROLE_ONLY_TABLES =
      List.of(
          MCP_LOGIN_STATES,
          MCP_OAUTH_CLIENTS,
          MCP_OAUTH_CONSENTS,
          MCP_OAUTH_AUTHORIZATION_CODES,
          MCP_OAUTH_REFRESH_TOKENS,
          MCP_OAUTH_ACCESS_TOKENS);

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

  /** Since changeset 008 the purge also deletes expired OAuth rows; its body names this table. */
  public static final String PURGE_FUNCTION_ALSO_PURGES = "mcp_oauth_clients";

  /** Announces session writes on LISTEN/NOTIFY; without it, waiting requests fall back to polls. */
  public static final String ANNOUNCE_TRIGGER = "mcp_sessions_announce_change";

  public static final String CRON_JOB = "mcp-sessions-purge";
  public static final String CRON_SCHEDULE = "* * * * *";
  public static final String CRON_COMMAND_CALLS = "mcp_purge_expired_sessions";

  private static Policy serviceRoleOnly(String table) {
    return new Policy(table + "_service_role_all", "ALL", Set.of("service_role"), "true", "true");
  }

  private ExpectedSchema() {}
}
