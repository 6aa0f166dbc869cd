package io.statelessmcp.bootstrap.observability;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The database in health and readiness, in place of Spring Boot's {@code r2dbc} indicator, which
 * waits as long as the database does: a frozen database kept readiness from answering at all. This
 * one takes a pooled connection and asks the server, and reports DOWN when that fails or takes
 * longer than its timeout, so a load balancer hears "not ready" within the timeout. A connection
 * that cannot be had from the pool in time counts as DOWN too: this replica could not serve.
 *
 * <p>Failures are not logged above DEBUG: readiness itself reports them, and the stores log the
 * outage once per interval.
 */
public final class DatabaseHealthIndicator implements ReactiveHealthIndicator {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealthIndicator.class);

  private final ConnectionFactory connections;
  private final Duration timeout;

  public DatabaseHealthIndicator(ConnectionFactory connections, Duration timeout) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public Mono<Health> health() {
    return Mono.usingWhen(
            connections.create(),
            connection -> Mono.from(connection.validate(ValidationDepth.REMOTE)),
            Connection::close)
        .timeout(timeout)
        .map(valid -> valid ? Health.up().build() : down("the connection did not validate"))
        .onErrorResume(failure -> Mono.just(down(reason(failure))))
        .switchIfEmpty(Mono.fromSupplier(() -> down("no answer")));
  }

  private Health down(String reason) {
    LOG.debug("database health: DOWN ({})", reason);
    return Health.down().withDetail("reason", reason).build();
  }

  private String reason(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }
}
