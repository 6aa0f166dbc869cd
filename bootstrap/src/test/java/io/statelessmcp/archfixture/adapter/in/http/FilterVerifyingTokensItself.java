package io.statelessmcp.archfixture.adapter.in.http;

import io.statelessmcp.archfixture.application.port.out.TokenChecker;
import reactor.core.publisher.Mono;

/** Deliberately breaks the inbound rule: a web filter using a driven port instead of a use case. */
public class FilterVerifyingTokensItself {

  private final TokenChecker tokens;

  public FilterVerifyingTokensItself(TokenChecker tokens) {
    this.tokens = tokens;
  }

  public Mono<String> userOf(String bearer) {
    return tokens.subjectOf(bearer);
  }
}
