package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.IssuedSession;
import java.net.URI;
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

  /**
   * The credential inside {@code issued} is shown to the user once and never stored, unless the
   * login answered an OAuth client's authorization: then the browser goes back to the client with
   * an authorization code ({@code clientRedirect}) and the credential is shown to nobody.
   */
  record CompletedLogin(IssuedSession issued, String returnTo, URI clientRedirect) {

    public CompletedLogin(IssuedSession issued, String returnTo) {
      this(issued, returnTo, null);
    }

    public boolean answersClient() {
      return clientRedirect != null;
    }

    @Override
    public String toString() {
      return "CompletedLogin[session="
          + issued.session().id()
          + ", answersClient="
          + answersClient()
          + "]";
    }
  }
}
