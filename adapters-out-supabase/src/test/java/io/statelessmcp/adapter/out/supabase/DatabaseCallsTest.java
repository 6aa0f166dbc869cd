package io.statelessmcp.adapter.out.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.StorageUnavailable;
import io.statelessmcp.application.port.out.StoredSessionUnreadable;
import io.statelessmcp.domain.SessionCredential;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.r2dbc.BadSqlGrammarException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What each kind of database failure becomes, for the caller and for the operator. */
class DatabaseCallsTest {

  private final DatabaseCalls calls = DatabaseCalls.withDeadline(Duration.ofMillis(300));

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "refused connection, as Spring wraps it",
            new DataAccessResourceFailureException(
                "Failed to obtain R2DBC Connection",
                new R2dbcNonTransientResourceException(
                    "Cannot connect", new ConnectException("Connection refused"))),
            "database unreachable",
            "cannot reach the database"),
        Arguments.of(
            "pool exhausted",
            new DataAccessResourceFailureException(
                "Failed to obtain R2DBC Connection",
                new R2dbcTimeoutException(
                    "Connection acquisition timed out after 3000ms", new TimeoutException())),
            "no database connection free in time",
            "MCP_DB_ACQUIRE_TIMEOUT_MS"),
        Arguments.of(
            "statement timeout on the server",
            new R2dbcTransientResourceException(
                "canceling statement due to statement timeout", "57014"),
            "no answer from the database within 300 ms",
            "MCP_DB_STATEMENT_TIMEOUT_MS"),
        Arguments.of(
            "prepared statement clash behind a pooler",
            new BadSqlGrammarException(
                "executeMany",
                "SELECT 1",
                new R2dbcBadGrammarException("prepared statement \"S_0\" already exists", "42P05")),
            "database connection misconfigured",
            "MCP_DB_PREPARED_STATEMENT_CACHE=off"),
        Arguments.of(
            "a pooler refusing the statement timeout",
            new R2dbcNonTransientResourceException(
                "unsupported startup parameter: statement_timeout", "08P01"),
            "database connection misconfigured",
            "?pgbouncer=true"),
        Arguments.of(
            "anything else",
            new IllegalStateException("something unexpected"),
            "database error",
            "the database call failed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void everyDatabaseFailureIsStorageUnavailableWithOneLineForTheOperator(
      String what, Exception failure, String told, String logged) {
    try (LogCapture log = new LogCapture(DatabaseCalls.class)) {
      Throwable answered =
          catchThrowable(() -> calls.guard("findById", Mono.error(failure)).block());

      assertThat(answered).isInstanceOf(StorageUnavailable.class);
      assertThat(answered.getMessage()).contains(told);
      assertThat(log.warnings()).singleElement().asString().contains(logged, "findById");
      assertThat(log.events()).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }
  }

  @Test
  void anUnreadableRowAndAnAlreadyTranslatedFailurePassUnchanged() {
    StoredSessionUnreadable tampered =
        new StoredSessionUnreadable(SessionCredential.issue().sessionId(), "bad tag");
    ProviderUnavailable translated = new ProviderUnavailable("circuit open");

    assertThat(catchThrowable(() -> calls.guard("findById", Mono.error(tampered)).block()))
        .isSameAs(tampered);
    assertThat(catchThrowable(() -> calls.guard("findById", Mono.error(translated)).block()))
        .isSameAs(translated);
  }

  @Test
  void theDeadlineBoundsAStreamAsAWholeNotEachRow() {
    Flux<Long> slowRows = Flux.interval(Duration.ofMillis(100)).take(10);

    Throwable answered =
        catchThrowable(() -> calls.guard("listActive", slowRows).collectList().block());

    assertThat(answered).isInstanceOf(StorageUnavailable.class);
  }

  @Test
  void aCallThatNeverAnswersEndsAtTheDeadline() {
    long started = System.nanoTime();
    Throwable answered =
        catchThrowable(() -> calls.guard("findById", Mono.never()).block(Duration.ofSeconds(5)));

    assertThat(answered).isInstanceOf(StorageUnavailable.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }
}
