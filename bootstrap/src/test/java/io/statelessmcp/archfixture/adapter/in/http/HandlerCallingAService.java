package io.statelessmcp.archfixture.adapter.in.http;

import io.statelessmcp.archfixture.application.service.LoginService;

/** Deliberately breaks the inbound rule: an HTTP handler calling a service, not its use case. */
public class HandlerCallingAService {

  public String handle(LoginService service) {
    return service.login();
  }
}
