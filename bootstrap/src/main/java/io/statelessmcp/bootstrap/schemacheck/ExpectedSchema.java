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

  private static final String OWNER = "(user_id = ( SELECT (auth.jwt() ->> 'sub'::text)))";

  public static final Table MCP_SESSIONS =
      new Table(
          "mcp_sessions",
          columns(
              """
              session_id           text                      NOT NULL
              user_id              text                      NOT NULL
              secret_hash          bytea                     NOT NULL
              token_ciphertext     bytea                     NOT NULL
              key_id               text                      NOT NULL
              created_at           timestamp with time zone  NOT NULL
              last_seen_at         timestamp with time zone  NOT NULL
              expires_at           timestamp with time zone  NOT NULL
              absolute_expires_at  timestamp with time zone  NOT NULL
              version              bigint                    NOT NULL
              revoked_at           timestamp with time zone
              refresh_lease_until  timestamp with time zone
              user_agent           text
              ip                   text
              client_id            text
              """),
          indexes(
              "mcp_sessions",
              """
              pkey                UNIQUE btree (session_id)
              client_idx          btree (client_id) WHERE (client_id IS NOT NULL)
              user_created_idx    btree (user_id, created_at DESC)
              expires_at_idx      btree (expires_at)
              revoked_at_idx      btree (revoked_at) WHERE (revoked_at IS NOT NULL)
              """),
          List.of(
              new Policy("mcp_sessions_select_own", "SELECT", Set.of("authenticated"), OWNER, null),
              new Policy(
                  "mcp_sessions_revoke_own",
                  "UPDATE",
                  Set.of("authenticated"),
                  "(" + OWNER + " AND (revoked_at IS NULL))",
                  "(" + OWNER + " AND (revoked_at IS NOT NULL))"),
              serviceRoleOnly("mcp_sessions")));

  public static final Table MCP_LOGIN_STATES =
      serviceRoleOnly(
          "mcp_login_states",
          """
          state_hash                text                      NOT NULL
          code_verifier_ciphertext  bytea                     NOT NULL
          key_id                    text                      NOT NULL
          return_to                 text
          linked_user_id            text
          created_at                timestamp with time zone  NOT NULL
          expires_at                timestamp with time zone  NOT NULL
          oauth_client_id           text
          oauth_redirect_uri        text
          oauth_code_challenge      text
          oauth_state               text
          oauth_resource            text
          oauth_scope               text
          """,
          """
          pkey              UNIQUE btree (state_hash)
          expires_at_idx    btree (expires_at)
          oauth_client_idx  btree (oauth_client_id) WHERE (oauth_client_id IS NOT NULL)
          """);

  public static final Table MCP_OAUTH_CLIENTS =
      serviceRoleOnly(
          "mcp_oauth_clients",
          """
          client_id                   text                      NOT NULL
          registration                text                      NOT NULL
          redirect_uris               text[]                    NOT NULL
          client_name                 text
          client_uri                  text
          logo_uri                    text
          scope                       text
          grant_types                 text[]                    NOT NULL
          response_types              text[]                    NOT NULL
          token_endpoint_auth_method  text                      NOT NULL
          created_at                  timestamp with time zone  NOT NULL
          last_used_at                timestamp with time zone
          expires_at                  timestamp with time zone  NOT NULL
          cache_until                 timestamp with time zone
          """,
          """
          pkey            UNIQUE btree (client_id)
          expires_at_idx  btree (expires_at)
          """);

  public static final Table MCP_OAUTH_CONSENTS =
      serviceRoleOnly(
          "mcp_oauth_consents",
          """
          browser_hash  bytea                     NOT NULL
          client_id     text                      NOT NULL
          created_at    timestamp with time zone  NOT NULL
          expires_at    timestamp with time zone  NOT NULL
          """,
          """
          pkey            UNIQUE btree (browser_hash, client_id)
          client_idx      btree (client_id)
          expires_at_idx  btree (expires_at)
          """);

  public static final Table MCP_OAUTH_AUTHORIZATION_CODES =
      serviceRoleOnly(
          "mcp_oauth_authorization_codes",
          """
          code_hash       bytea                     NOT NULL
          client_id       text                      NOT NULL
          session_id      text                      NOT NULL
          redirect_uri    text                      NOT NULL
          code_challenge  text                      NOT NULL
          resource        text
          scope           text
          created_at      timestamp with time zone  NOT NULL
          expires_at      timestamp with time zone  NOT NULL
          used_at         timestamp with time zone
          """,
          """
          pkey            UNIQUE btree (code_hash)
          session_idx     btree (session_id)
          client_idx      btree (client_id)
          expires_at_idx  btree (expires_at)
          """);

  public static final Table MCP_OAUTH_REFRESH_TOKENS =
      serviceRoleOnly(
          "mcp_oauth_refresh_tokens",
          """
          token_hash     bytea                     NOT NULL
          session_id     text                      NOT NULL
          client_id      text                      NOT NULL
          previous_hash  bytea
          created_at     timestamp with time zone  NOT NULL
          first_used_at  timestamp with time zone
          revoked_at     timestamp with time zone
          scope          text
          """,
          """
          pkey                UNIQUE btree (token_hash)
          one_live_successor  UNIQUE btree (previous_hash) \
                              WHERE ((previous_hash IS NOT NULL) AND (revoked_at IS NULL))
          session_idx         btree (session_id)
          client_idx          btree (client_id)
          """);

  public static final Table MCP_OAUTH_ACCESS_TOKENS =
      serviceRoleOnly(
          "mcp_oauth_access_tokens",
          """
          token_hash  bytea                     NOT NULL
          session_id  text                      NOT NULL
          client_id   text                      NOT NULL
          resource    text
          scope       text
          created_at  timestamp with time zone  NOT NULL
          expires_at  timestamp with time zone  NOT NULL
          """,
          """
          pkey            UNIQUE btree (token_hash)
          session_idx     btree (session_id)
          client_idx      btree (client_id)
          expires_at_idx  btree (expires_at)
          """);

  public static final Table MCP_PROTOCOL_SESSIONS =
      serviceRoleOnly(
          "mcp_protocol_sessions",
          """
          protocol_session_id  text                      NOT NULL
          session_id           text                      NOT NULL
          user_id              text                      NOT NULL
          log_level            text                      NOT NULL
          updated_at           timestamp with time zone  NOT NULL
          """,
          """
          pkey         UNIQUE btree (protocol_session_id)
          session_idx  btree (session_id)
          """);

  public static final List<Table> TABLES =
      List.of(
          MCP_SESSIONS,
          MCP_LOGIN_STATES,
          MCP_OAUTH_CLIENTS,
          MCP_OAUTH_CONSENTS,
          MCP_OAUTH_AUTHORIZATION_CODES,
          MCP_OAUTH_REFRESH_TOKENS,
          MCP_OAUTH_ACCESS_TOKENS,
          MCP_PROTOCOL_SESSIONS);

  /** Tables whose one policy is service_role's: no grant to any API role, only the application. */
  public static final List<Table> SERVICE_ROLE_ONLY_TABLES =
      TABLES.stream()
          .filter(table -> table.policies().equals(List.of(serviceRoleOnly(table.name()))))
          .toList();

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

  private static final String PURGE_FUNCTION_NAME = "mcp_purge_expired_sessions";

  public static final String PURGE_FUNCTION = PURGE_FUNCTION_NAME + "(integer)";

  /** Since changeset 008 the purge also deletes expired OAuth rows; its body names this table. */
  public static final String PURGE_FUNCTION_ALSO_PURGES = MCP_OAUTH_CLIENTS.name();

  /** Announces session writes on LISTEN/NOTIFY; without it, waiting requests fall back to polls. */
  public static final String ANNOUNCE_TRIGGER = "mcp_sessions_announce_change";

  public static final String CRON_JOB = "mcp-sessions-purge";
  public static final String CRON_SCHEDULE = "* * * * *";
  public static final String CRON_COMMAND_CALLS = PURGE_FUNCTION_NAME;

  /** A table only service_role may touch, written as its columns and indexes are listed below. */
  private static Table serviceRoleOnly(String table, String columns, String indexes) {
    return new Table(
        table, columns(columns), indexes(table, indexes), List.of(serviceRoleOnly(table)));
  }

  private static Policy serviceRoleOnly(String table) {
    return new Policy(table + "_service_role_all", "ALL", Set.of("service_role"), "true", "true");
  }

  /**
   * One column a line: its name, its type as {@code format_type} prints it, then NOT NULL or not.
   */
  private static List<Column> columns(String lines) {
    return lines
        .lines()
        .map(
            line -> {
              String[] nameAndRest = line.strip().split("\\s+", 2);
              String rest = nameAndRest[1];
              boolean notNull = rest.endsWith("NOT NULL");
              String type = notNull ? rest.substring(0, rest.length() - "NOT NULL".length()) : rest;
              return new Column(nameAndRest[0], type.strip(), notNull);
            })
        .toList();
  }

  /**
   * One index a line: its name after the table's, UNIQUE or not, then what {@code pg_get_indexdef}
   * prints after "USING ".
   */
  private static List<Index> indexes(String table, String lines) {
    return lines
        .lines()
        .map(
            line -> {
              String[] nameAndRest = line.strip().split("\\s+", 2);
              boolean unique = nameAndRest[1].startsWith("UNIQUE ");
              String definition =
                  unique ? nameAndRest[1].substring("UNIQUE ".length()) : nameAndRest[1];
              // a long definition continues on the next line: its breaks and indent are one space
              return new Index(
                  table + "_" + nameAndRest[0], unique, definition.strip().replaceAll("\\s+", " "));
            })
        .toList();
  }

  private ExpectedSchema() {}
}
