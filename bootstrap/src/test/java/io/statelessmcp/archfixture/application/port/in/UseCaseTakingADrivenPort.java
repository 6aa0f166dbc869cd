package io.statelessmcp.archfixture.application.port.in;

import io.statelessmcp.archfixture.application.port.out.TokenChecker;
import reactor.core.publisher.Mono;

/** Deliberately breaks the port rule: an inbound port that hands callers a driven port. */
public interface UseCaseTakingADrivenPort {

  Mono<String> signIn(String token, TokenChecker checker);
}
