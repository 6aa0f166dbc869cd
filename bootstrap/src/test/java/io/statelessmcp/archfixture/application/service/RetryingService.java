package io.statelessmcp.archfixture.application.service;

import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** Deliberately breaks the core rule: retry policy from reactor.util, outside reactor.core. */
public class RetryingService {

  public Mono<String> withRetries(Mono<String> call) {
    return call.retryWhen(Retry.backoff(3, Duration.ofMillis(10)));
  }
}
