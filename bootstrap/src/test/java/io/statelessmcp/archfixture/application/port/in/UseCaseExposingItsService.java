package io.statelessmcp.archfixture.application.port.in;

import io.statelessmcp.archfixture.application.service.LoginService;

/** Deliberately breaks the port rule: a use case whose contract names its implementation. */
public interface UseCaseExposingItsService {

  LoginService implementation();
}
