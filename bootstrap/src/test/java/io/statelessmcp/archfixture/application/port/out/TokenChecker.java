package io.statelessmcp.archfixture.application.port.out;

import reactor.core.publisher.Mono;

/** A well-behaved driven port, which only the core may call. */
public interface TokenChecker {

  Mono<String> subjectOf(String token);
}
