package io.statelessmcp.archfixture.application.port.in;

import reactor.core.publisher.Mono;

/** A well-behaved use case: only the JDK and Reactor's publishers. */
public interface SignIn {

  Mono<String> signIn(String user);
}
