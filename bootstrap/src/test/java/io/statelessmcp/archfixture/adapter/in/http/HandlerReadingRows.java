package io.statelessmcp.archfixture.adapter.in.http;

import io.statelessmcp.archfixture.adapter.out.supabase.PublicSessionRow;
import io.statelessmcp.archfixture.application.service.LoginService;

/** Deliberately breaks two rules: an HTTP handler reading rows and calling a service. */
public class HandlerReadingRows {

  public String handle(PublicSessionRow row, LoginService service) {
    return row.sessionId() + service.login();
  }
}
