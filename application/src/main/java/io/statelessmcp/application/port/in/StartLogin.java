package io.statelessmcp.application.port.in;

import java.net.URI;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** Begins a login: stores the pending state and says where to send the browser. */
public interface StartLogin {

  Mono<LoginRedirect> start(Command command);

  /**
   * @param returnTo optional; must match the configured allow-list
   * @param supabaseAccessToken optional; links the login to that Supabase user when valid
   */
  record Command(String returnTo, String supabaseAccessToken, URI redirectUri) {
    @Override
    public String toString() {
      return "StartLogin.Command[returnTo=" + returnTo + ", supabaseAccessToken=<redacted>]";
    }
  }

  /**
   * @param browserBinding the value of the browser-binding cookie (the state's hash)
   */
  record LoginRedirect(URI authorizationUrl, String browserBinding, Instant expiresAt) {
    @Override
    public String toString() {
      return "LoginRedirect[expiresAt=" + expiresAt + "]";
    }
  }
}
