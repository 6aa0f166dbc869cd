package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.IssuedSession;
import reactor.core.publisher.Mono;

/** The single OAuth callback: checks the state, exchanges the code, opens the session. */
public interface CompleteLogin {

  Mono<CompletedLogin> complete(Command command);

  record Command(String code, String state, String browserBinding, ClientMetadata client) {
    @Override
    public String toString() {
      return "CompleteLogin.Command[code=<redacted>, state=<redacted>, client=" + client + "]";
    }
  }

  /** The credential inside {@code issued} is shown to the user once and never stored. */
  record CompletedLogin(IssuedSession issued, String returnTo) {}
}
