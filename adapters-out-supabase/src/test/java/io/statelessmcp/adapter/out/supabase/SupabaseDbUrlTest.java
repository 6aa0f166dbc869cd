package io.statelessmcp.adapter.out.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SupabaseDbUrlTest {

  static final String PASSWORD = "s3cr3t-Pa55";

  @Test
  void readsTheDirectConnectionStringAsSupabaseShowsIt() {
    SupabaseDbUrl url =
        SupabaseDbUrl.parse(
            "postgresql://postgres:"
                + PASSWORD
                + "@db.abcdefghijklmnopqrst.supabase.co:5432/postgres");

    assertThat(url.host()).isEqualTo("db.abcdefghijklmnopqrst.supabase.co");
    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.database()).isEqualTo("postgres");
    assertThat(url.username()).isEqualTo("postgres");
    assertThat(url.password()).isEqualTo(PASSWORD);
    assertThat(url.sslMode()).isEqualTo("prefer");
    assertThat(url.isTransactionPooler()).isFalse();
    assertThat(url.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://db.abcdefghijklmnopqrst.supabase.co:5432/postgres?sslmode=prefer");

    ConnectionFactoryOptions options = url.r2dbcOptions();
    assertThat(options.getValue(ConnectionFactoryOptions.DRIVER)).isEqualTo("postgresql");
    assertThat(options.getValue(ConnectionFactoryOptions.HOST))
        .isEqualTo("db.abcdefghijklmnopqrst.supabase.co");
    assertThat(options.getValue(ConnectionFactoryOptions.PORT)).isEqualTo(5432);
    assertThat(options.getValue(ConnectionFactoryOptions.USER)).isEqualTo("postgres");
    assertThat(options.getValue(ConnectionFactoryOptions.PASSWORD)).hasToString(PASSWORD);
    assertThat(
            options.hasOption(PostgresqlConnectionFactoryProvider.PREPARED_STATEMENT_CACHE_QUERIES))
        .isFalse();
  }

  @Test
  void theTransactionPoolerTurnsThePreparedStatementCacheOff() {
    SupabaseDbUrl url =
        SupabaseDbUrl.parse(
            "postgres://postgres.abcdefghijklmnopqrst:"
                + PASSWORD
                + "@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require");

    assertThat(url.username()).isEqualTo("postgres.abcdefghijklmnopqrst");
    assertThat(url.isTransactionPooler()).isTrue();
    ConnectionFactoryOptions options = url.r2dbcOptions();
    assertThat(
            options.getValue(PostgresqlConnectionFactoryProvider.PREPARED_STATEMENT_CACHE_QUERIES))
        .isEqualTo(0);
    assertThat(options.getValue(PostgresqlConnectionFactoryProvider.SSL_MODE))
        .isEqualTo(SSLMode.REQUIRE);
    assertThat(url.jdbcUrl()).endsWith("?sslmode=require&prepareThreshold=0");
  }

  @Test
  void pgbouncerTrueMarksAPoolerOnAnyPortAndTheCacheCanBeTurnedOffExplicitly() {
    SupabaseDbUrl url =
        SupabaseDbUrl.parse("postgresql://app:pw@pgbouncer.internal:5432/app?pgbouncer=true");
    SupabaseDbUrl direct = SupabaseDbUrl.parse("postgresql://app:pw@db.internal/app");

    assertThat(url.isTransactionPooler()).isTrue();
    assertThat(direct.port()).isEqualTo(5432);
    assertThat(
            direct
                .r2dbcOptions(true)
                .getValue(PostgresqlConnectionFactoryProvider.PREPARED_STATEMENT_CACHE_QUERIES))
        .isEqualTo(0);
  }

  @ParameterizedTest(name = "{0} is a transaction pooler: {1}")
  @CsvSource({
    "postgresql://postgres.ref:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres, true",
    "postgresql://postgres.ref:pw@aws-1-us-east-1.POOLER.supabase.com:5432/postgres, true",
    "postgresql://postgres.ref:pw@pooler.supabase.com/postgres, true",
    "postgresql://app:pw@pgbouncer.internal:6432/app?pgbouncer=true, true",
    "postgresql://app:pw@10.0.0.7:6543/app, true",
    "postgresql://postgres:pw@db.abcdefghijklmnopqrst.supabase.co:5432/postgres, false",
    "postgresql://app:pw@pooler.supabase.com.evil.example:5432/app, false",
    "postgresql://app:pw@mypooler.supabase.community:5432/app, false",
    "postgresql://app:pw@pgbouncer.internal:6432/app?pgbouncer=false, false"
  })
  void recognisesTransactionPoolersByPortSupabaseHostOrPgbouncerFlag(String text, boolean pooler) {
    SupabaseDbUrl url = SupabaseDbUrl.parse(text);

    assertThat(url.isTransactionPooler()).isEqualTo(pooler);
    assertThat(url.poolerReason() != null).isEqualTo(pooler);
    assertThat(
            url.r2dbcOptions()
                .hasOption(PostgresqlConnectionFactoryProvider.PREPARED_STATEMENT_CACHE_QUERIES))
        .as("the prepared statement cache is off exactly on a pooler")
        .isEqualTo(pooler);
  }

  @Test
  void deadlinesBecomeDriverOptionsAndTheUrlsConnectTimeoutWins() {
    SupabaseDbUrl plain = SupabaseDbUrl.parse("postgresql://app:pw@db.internal/app");
    SupabaseDbUrl withTimeout =
        SupabaseDbUrl.parse("postgresql://app:pw@db.internal/app?connect_timeout=7");

    ConnectionFactoryOptions options =
        plain.r2dbcOptions(false, Duration.ofMillis(1500), Duration.ofMillis(4000));
    assertThat(options.getValue(ConnectionFactoryOptions.CONNECT_TIMEOUT))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(options.getValue(ConnectionFactoryOptions.STATEMENT_TIMEOUT))
        .isEqualTo(Duration.ofMillis(4000));
    assertThat(
            withTimeout
                .r2dbcOptions(false, Duration.ofMillis(1500), Duration.ZERO)
                .getValue(ConnectionFactoryOptions.CONNECT_TIMEOUT))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(
            plain
                .r2dbcOptions(true, Duration.ofMillis(1500), Duration.ZERO)
                .hasOption(ConnectionFactoryOptions.STATEMENT_TIMEOUT))
        .as("zero: not sent, as behind a transaction pooler")
        .isFalse();
  }

  @Test
  void percentEncodedCredentialsAreDecodedAndPlusStaysPlus() {
    SupabaseDbUrl url =
        SupabaseDbUrl.parse("postgresql://postgres:p%40ss%3Aw%2Frd+x@localhost:5432/postgres");

    assertThat(url.password()).isEqualTo("p@ss:w/rd+x");
  }

  @Test
  void anUnencodedAtSignInThePasswordStillFindsTheHost() {
    SupabaseDbUrl url = SupabaseDbUrl.parse("postgresql://postgres:p@ss@localhost:6543/postgres");

    assertThat(url.host()).isEqualTo("localhost");
    assertThat(url.password()).isEqualTo("p@ss");
  }

  @Test
  void ipv6HostsKeepTheirBracketsOnlyWhereUrlsNeedThem() {
    SupabaseDbUrl url = SupabaseDbUrl.parse("postgresql://postgres:pw@[2001:db8::5]:5432/postgres");

    assertThat(url.host()).isEqualTo("2001:db8::5");
    assertThat(url.jdbcUrl()).startsWith("jdbc:postgresql://[2001:db8::5]:5432/");
  }

  @Test
  void toStringNeverShowsThePassword() {
    SupabaseDbUrl url =
        SupabaseDbUrl.parse(
            "postgresql://postgres.ref:" + PASSWORD + "@aws-0-x.pooler.supabase.com:6543/postgres");

    assertThat(url.toString())
        .doesNotContain(PASSWORD)
        .contains("postgres.ref", "aws-0-x.pooler.supabase.com", "6543", "<redacted>");
    assertThat(url.jdbcUrl()).doesNotContain(PASSWORD);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", "is empty"),
        Arguments.of("mysql://root:" + PASSWORD + "@localhost/db", "must start with postgresql://"),
        Arguments.of("postgresql://postgres:" + PASSWORD + "@:5432/db", "has no host"),
        Arguments.of("postgresql://postgres:" + PASSWORD + "@host:99999/db", "port"),
        Arguments.of("postgresql://postgres:" + PASSWORD + "@host:abc/db", "port"),
        Arguments.of("postgresql://host:5432/db", "has no user name"),
        Arguments.of("postgresql://postgres:" + PASSWORD + "%zz@host/db", "'%' in the password"),
        Arguments.of("postgresql://postgres:" + PASSWORD + "@host/db?sslmode=sometimes", "sslmode"),
        Arguments.of(
            "postgresql://postgres:" + PASSWORD + "@host/db?target_session_attrs=any",
            "unsupported parameter 'target_session_attrs'"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformed")
  void aMalformedUrlIsRejectedNamingTheSettingWithoutEchoingIt(String value, String rule) {
    Throwable failure = catchThrowable(() -> SupabaseDbUrl.parse(value));

    assertThat(failure)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SUPABASE_DB_URL ")
        .hasMessageContaining(rule)
        .hasMessageNotContaining(PASSWORD);
  }
}
