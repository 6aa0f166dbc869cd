package io.statelessmcp.archfixture.application.service;

/** A use-case implementation, which adapters must not call directly. */
public class LoginService {

  public String login() {
    return "ok";
  }
}
