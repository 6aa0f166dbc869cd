package io.statelessmcp.archfixture.adapter.out.supabase;

import io.statelessmcp.archfixture.application.port.in.SignIn;
import reactor.core.publisher.Mono;

/** Deliberately breaks the outbound rule: a store that calls back into a use case. */
public class StoreCallingAUseCase {

  private final SignIn signIn;

  public StoreCallingAUseCase(SignIn signIn) {
    this.signIn = signIn;
  }

  public Mono<String> save(String user) {
    return signIn.signIn(user);
  }
}
