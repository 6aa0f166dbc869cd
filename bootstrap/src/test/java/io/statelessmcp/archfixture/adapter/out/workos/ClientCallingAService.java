package io.statelessmcp.archfixture.adapter.out.workos;

import io.statelessmcp.archfixture.application.service.LoginService;

/** Deliberately breaks the outbound rule: the WorkOS client calling a service directly. */
public class ClientCallingAService {

  public String exchange(LoginService service) {
    return service.login();
  }
}
