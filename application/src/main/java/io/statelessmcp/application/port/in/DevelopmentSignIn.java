package io.statelessmcp.application.port.in;

import java.net.URI;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The development identity provider's sign-in page: on a laptop without a WorkOS account, the
 * developer picks or types a user and is sent back to the callback with a code, exactly as AuthKit
 * would send them. Exists only while the development sign-in is on.
 *
 * <p>Refusals of the request itself (not this server's callback, another browser's login, a
 * malformed state or challenge) arrive as {@link
 * io.statelessmcp.application.failure.InvalidRequest} or {@link
 * io.statelessmcp.application.failure.LoginRejected}; a user that cannot be signed in as is an
 * {@link Outcome} the page shows next to the form.
 */
public interface DevelopmentSignIn {

  /** Checks what the sign-in page was opened with; answers the users the page offers. */
  Mono<List<ExampleUser>> open(Request request);

  /** Signs the typed or picked user in: where the browser goes next, or what to correct. */
  Mono<Outcome> signIn(Request request, String email, String name);

  /**
   * What the identity provider's redirect carried, as {@code authorizationUrl} wrote it.
   *
   * @param browserBinding the login-state cookie's value: the login was started in this browser
   * @param callbackUrl this server's callback, the only place a code may be sent
   */
  record Request(
      String state,
      String codeChallenge,
      String redirectUri,
      String browserBinding,
      URI callbackUrl) {
    @Override
    public String toString() {
      return "DevelopmentSignIn.Request[redirectUri=" + redirectUri + "]";
    }
  }

  /** A user the page offers with one click. */
  record ExampleUser(String email, String name) {}

  /** What a sign-in ends in. */
  sealed interface Outcome {}

  /** Signed in: the browser goes to the callback with the code and the state. */
  record SignedIn(URI callback) implements Outcome {
    @Override
    public String toString() {
      return "SignedIn[code=<redacted>]";
    }
  }

  /** The email or the name cannot be used; {@code problem} says why, for the page. */
  record FixTheForm(String problem) implements Outcome {}
}
