package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@value #SETTING} as Supabase shows it ({@code postgresql://user:password@host:port/db}), turned
 * into R2DBC options and JDBC pieces. Accepts the direct connection ({@code
 * db.<ref>.supabase.co:5432}), the session pooler and the transaction pooler ({@code
 * postgres.<ref>@...pooler.supabase.com:6543}), and any plain PostgreSQL URL. See {@link
 * #isTransactionPooler()} for how a transaction pooler is recognised.
 *
 * <p>Query parameters: {@code sslmode} (disable, allow, prefer, require, verify-ca, verify-full;
 * default prefer, as libpq), {@code pgbouncer=true} (mark a transaction-mode pooler on another
 * port), {@code application_name}, {@code connect_timeout} (seconds). User and password may be
 * percent-encoded. Errors name the setting and the rule and never echo the URL. {@link #toString()}
 * never prints the password.
 */
public final class SupabaseDbUrl {

  /** The environment variable this is usually read from. */
  public static final String SETTING = "SUPABASE_DB_URL";

  /** The port of Supabase's transaction-mode pooler (Supavisor / PgBouncer). */
  public static final int TRANSACTION_POOLER_PORT = 6543;

  /** The domain of Supabase's pooler hosts ({@code aws-0-<region>.pooler.supabase.com}). */
  public static final String SUPABASE_POOLER_DOMAIN = "pooler.supabase.com";

  private static final int DEFAULT_PORT = 5432;
  private static final String DEFAULT_DATABASE = "postgres";
  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private final String host;
  private final int port;
  private final String database;
  private final String username;
  private final String password;
  private final String sslMode;
  private final boolean pgbouncer;
  private final String applicationName;
  private final Integer connectTimeoutSeconds;

  private SupabaseDbUrl(
      String host,
      int port,
      String database,
      String username,
      String password,
      String sslMode,
      boolean pgbouncer,
      String applicationName,
      Integer connectTimeoutSeconds) {
    this.host = host;
    this.port = port;
    this.database = database;
    this.username = username;
    this.password = password;
    this.sslMode = sslMode;
    this.pgbouncer = pgbouncer;
    this.applicationName = applicationName;
    this.connectTimeoutSeconds = connectTimeoutSeconds;
  }

  /**
   * Parses a {@code postgresql://} or {@code postgres://} URL.
   *
   * @throws IllegalArgumentException naming {@value #SETTING} and the rule; the URL is not echoed
   */
  public static SupabaseDbUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw invalid("is empty");
    }
    String value = url.trim();
    String rest;
    if (value.startsWith("postgresql://")) {
      rest = value.substring("postgresql://".length());
    } else if (value.startsWith("postgres://")) {
      rest = value.substring("postgres://".length());
    } else {
      throw invalid("must start with postgresql:// or postgres://");
    }
    int at = rest.lastIndexOf('@');
    String userInfo = at < 0 ? "" : rest.substring(0, at);
    String afterUserInfo = at < 0 ? rest : rest.substring(at + 1);

    String query = "";
    int questionMark = afterUserInfo.indexOf('?');
    if (questionMark >= 0) {
      query = afterUserInfo.substring(questionMark + 1);
      afterUserInfo = afterUserInfo.substring(0, questionMark);
    }
    int slash = afterUserInfo.indexOf('/');
    String hostPort = slash < 0 ? afterUserInfo : afterUserInfo.substring(0, slash);
    String path = slash < 0 ? "" : afterUserInfo.substring(slash + 1);

    String host;
    String portText = null;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw invalid("has an IPv6 host without a closing ']'");
      }
      host = hostPort.substring(1, close);
      String afterHost = hostPort.substring(close + 1);
      if (afterHost.startsWith(":")) {
        portText = afterHost.substring(1);
      } else if (!afterHost.isEmpty()) {
        throw invalid("has characters after the IPv6 host");
      }
    } else {
      int colon = hostPort.lastIndexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      portText = colon < 0 ? null : hostPort.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw invalid("has no host");
    }
    int port = portText == null || portText.isEmpty() ? DEFAULT_PORT : parsePort(portText);

    String database = percentDecode(path, "database name");
    if (database.isEmpty()) {
      database = DEFAULT_DATABASE;
    }

    String username = null;
    String password = null;
    if (!userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      username = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
      password = colon < 0 ? null : percentDecode(userInfo.substring(colon + 1), "password");
    }
    if (username == null || username.isEmpty()) {
      throw invalid("has no user name (postgresql://user:password@host:port/database)");
    }

    Map<String, String> parameters = parseQuery(query);
    String sslMode = parameters.getOrDefault("sslmode", "prefer").toLowerCase(Locale.ROOT);
    if (!SSL_MODES.contains(sslMode)) {
      throw invalid(
          "has an unsupported sslmode: use one of disable, allow, prefer, require, verify-ca,"
              + " verify-full");
    }
    String pgbouncerText = parameters.getOrDefault("pgbouncer", "false");
    if (!pgbouncerText.equals("true") && !pgbouncerText.equals("false")) {
      throw invalid("has pgbouncer set to something other than true or false");
    }
    Integer connectTimeout = null;
    if (parameters.containsKey("connect_timeout")) {
      try {
        connectTimeout = Integer.parseInt(parameters.get("connect_timeout"));
      } catch (NumberFormatException e) {
        connectTimeout = -1;
      }
      if (connectTimeout <= 0) {
        throw invalid("has a connect_timeout that is not a positive number of seconds");
      }
    }
    return new SupabaseDbUrl(
        host,
        port,
        database,
        username,
        password,
        sslMode,
        Boolean.parseBoolean(pgbouncerText),
        parameters.get("application_name"),
        connectTimeout);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  public String username() {
    return username;
  }

  /** The decoded password, or null when the URL has none. Keep it out of logs. */
  public String password() {
    return password;
  }

  public String sslMode() {
    return sslMode;
  }

  /**
   * True when the URL may lead to a transaction-mode pooler, which supports neither a prepared
   * statement cache nor extra startup parameters: port {@value #TRANSACTION_POOLER_PORT}, a host
   * under {@value #SUPABASE_POOLER_DOMAIN} (whose port 5432, the session pooler, is treated alike:
   * a false positive only costs the cache), or {@code pgbouncer=true} for a pooler anywhere else.
   */
  public boolean isTransactionPooler() {
    return poolerReason() != null;
  }

  /** Why {@link #isTransactionPooler()} holds, for the start log; null when it does not. */
  public String poolerReason() {
    if (pgbouncer) {
      return "pgbouncer=true";
    }
    if (port == TRANSACTION_POOLER_PORT) {
      return "port " + TRANSACTION_POOLER_PORT;
    }
    String lowerHost = host.toLowerCase(Locale.ROOT);
    if (lowerHost.equals(SUPABASE_POOLER_DOMAIN)
        || lowerHost.endsWith("." + SUPABASE_POOLER_DOMAIN)) {
      return "host *." + SUPABASE_POOLER_DOMAIN;
    }
    return null;
  }

  /** The URL's {@code connect_timeout}, if it has one, else {@code fallback}. */
  public Duration connectTimeout(Duration fallback) {
    return connectTimeoutSeconds == null ? fallback : Duration.ofSeconds(connectTimeoutSeconds);
  }

  /** R2DBC options; the prepared statement cache is off when {@link #isTransactionPooler()}. */
  public ConnectionFactoryOptions r2dbcOptions() {
    return r2dbcOptions(isTransactionPooler());
  }

  /**
   * R2DBC options for r2dbc-postgresql.
   *
   * @param disablePreparedStatementCache sets {@code preparedStatementCacheQueries=0}, which a
   *     transaction-mode pooler needs (each statement is then prepared unnamed)
   */
  public ConnectionFactoryOptions r2dbcOptions(boolean disablePreparedStatementCache) {
    return r2dbcOptions(disablePreparedStatementCache, null, Duration.ZERO);
  }

  /**
   * R2DBC options for r2dbc-postgresql, with deadlines.
   *
   * @param disablePreparedStatementCache sets {@code preparedStatementCacheQueries=0}, which a
   *     transaction-mode pooler needs (each statement is then prepared unnamed)
   * @param connectTimeout the TCP connect timeout unless the URL has {@code connect_timeout}; null:
   *     the driver's default
   * @param statementTimeout PostgreSQL's {@code statement_timeout}, sent as a startup parameter;
   *     zero: not sent. A transaction pooler (PgBouncer) refuses a connection that sends it, so
   *     pass zero there and set it on the role instead ({@code ALTER ROLE ... SET
   *     statement_timeout})
   */
  public ConnectionFactoryOptions r2dbcOptions(
      boolean disablePreparedStatementCache, Duration connectTimeout, Duration statementTimeout) {
    ConnectionFactoryOptions.Builder options =
        ConnectionFactoryOptions.builder()
            .option(ConnectionFactoryOptions.DRIVER, "postgresql")
            .option(ConnectionFactoryOptions.HOST, host)
            .option(ConnectionFactoryOptions.PORT, port)
            .option(ConnectionFactoryOptions.DATABASE, database)
            .option(ConnectionFactoryOptions.USER, username)
            .option(PostgresqlConnectionFactoryProvider.SSL_MODE, SSLMode.fromValue(sslMode));
    if (password != null) {
      options.option(ConnectionFactoryOptions.PASSWORD, password);
    }
    if (disablePreparedStatementCache) {
      options.option(PostgresqlConnectionFactoryProvider.PREPARED_STATEMENT_CACHE_QUERIES, 0);
    }
    if (applicationName != null) {
      options.option(PostgresqlConnectionFactoryProvider.APPLICATION_NAME, applicationName);
    }
    Duration connect = connectTimeout(connectTimeout);
    if (connect != null) {
      options.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, connect);
    }
    if (statementTimeout != null && !statementTimeout.isZero()) {
      options.option(PostgresqlConnectionFactoryProvider.STATEMENT_TIMEOUT, statementTimeout);
    }
    return options.build();
  }

  /**
   * A JDBC URL without credentials (pass {@link #username()} and {@link #password()} separately),
   * e.g. for Liquibase. On a transaction pooler it adds {@code prepareThreshold=0}; prefer the
   * direct connection or the session pooler for migrations.
   */
  public String jdbcUrl() {
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://")
            .append(hostPart)
            .append(':')
            .append(port)
            .append('/')
            .append(encodeDatabase(database))
            .append("?sslmode=")
            .append(sslMode);
    if (isTransactionPooler()) {
      url.append("&prepareThreshold=0");
    }
    if (applicationName != null) {
      url.append("&ApplicationName=").append(encodeDatabase(applicationName));
    }
    if (connectTimeoutSeconds != null) {
      url.append("&connectTimeout=").append(connectTimeoutSeconds);
    }
    return url.toString();
  }

  @Override
  public String toString() {
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    return "postgresql://"
        + username
        + (password == null ? "" : ":<redacted>")
        + "@"
        + hostPart
        + ":"
        + port
        + "/"
        + database
        + "?sslmode="
        + sslMode
        + (isTransactionPooler() ? " (transaction pooler)" : "");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SupabaseDbUrl that
        && port == that.port
        && pgbouncer == that.pgbouncer
        && host.equals(that.host)
        && database.equals(that.database)
        && username.equals(that.username)
        && Objects.equals(password, that.password)
        && sslMode.equals(that.sslMode)
        && Objects.equals(applicationName, that.applicationName)
        && Objects.equals(connectTimeoutSeconds, that.connectTimeoutSeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, database, username, sslMode);
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw invalid("has a port that is not a number from 1 to 65535");
  }

  private static Map<String, String> parseQuery(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = percentDecode(equals < 0 ? pair : pair.substring(0, equals), "parameter");
      String value = equals < 0 ? "" : percentDecode(pair.substring(equals + 1), "parameter");
      if (!Set.of("sslmode", "pgbouncer", "application_name", "connect_timeout").contains(name)) {
        throw invalid(
            "has an unsupported parameter '"
                + name
                + "': supported are sslmode, pgbouncer, application_name, connect_timeout");
      }
      parameters.put(name, value);
    }
    return parameters;
  }

  /** Decodes %XX escapes only ('+' stays '+': it is common in passwords). */
  private static String percentDecode(String text, String what) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      if (codePoint == '%') {
        int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw invalid("has a '%' in the " + what + " that is not followed by two hex digits");
        }
        bytes.write(high * 16 + low);
        i += 3;
      } else {
        byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i += Character.charCount(codePoint);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String encodeDatabase(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static IllegalArgumentException invalid(String rule) {
    return new IllegalArgumentException(SETTING + " " + rule);
  }
}
