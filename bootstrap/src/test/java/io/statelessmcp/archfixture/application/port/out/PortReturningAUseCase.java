package io.statelessmcp.archfixture.application.port.out;

import io.statelessmcp.archfixture.application.port.in.SignIn;

/** Deliberately breaks the port rule: a driven port that knows a use case. */
public interface PortReturningAUseCase {

  SignIn signInFor(String tenant);
}
