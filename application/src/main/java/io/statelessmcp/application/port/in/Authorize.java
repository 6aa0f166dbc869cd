package io.statelessmcp.application.port.in;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code /authorize} of this authorization server: checks a client's request, asks the user's
 * consent for a client this browser has not approved, and sends the browser on to the identity
 * provider. The pending request lives in PostgreSQL, so every step may land on another replica.
 */
public interface Authorize {

  Mono<Outcome> authorize(Command command);

  /** The user's answer on the consent page. */
  Mono<Outcome> decide(Decision decision);

  /**
   * The request's parameters as sent (each at most once; {@code repeated} names those that came
   * more than once).
   *
   * @param browser the consent cookie's value, or null when the browser has none yet
   * @param callbackUrl this server's callback at the identity provider
   */
  record Command(
      String responseType,
      String clientId,
      String redirectUri,
      String codeChallenge,
      String codeChallengeMethod,
      String state,
      String scope,
      String resource,
      List<String> repeated,
      String browser,
      URI callbackUrl) {

    public Command {
      repeated = repeated == null ? List.of() : List.copyOf(repeated);
    }

    @Override
    public String toString() {
      return "Authorize.Command[clientId=" + clientId + ", redirectUri=" + redirectUri + "]";
    }
  }

  /**
   * @param pending the value the consent page carried (the pending login's state)
   * @param browserBinding the login-state cookie's value: the page was shown to this browser
   * @param browser the consent cookie's value, under which an approval is remembered
   */
  record Decision(
      String pending, boolean approved, String browserBinding, String browser, URI callbackUrl) {
    @Override
    public String toString() {
      return "Authorize.Decision[approved=" + approved + "]";
    }
  }

  /** What the browser is shown or where it is sent next. */
  sealed interface Outcome {}

  /**
   * The request cannot be answered at the client's redirect URI (unknown client, a redirect URI not
   * registered): the browser is shown the error instead.
   */
  record ShowError(String error, String description) implements Outcome {}

  /** Back to the client: its redirect URI with an error, {@code state} and {@code iss}. */
  record ReturnToClient(URI location) implements Outcome {}

  /**
   * The user is asked whether this client may act for them.
   *
   * @param pending the value the consent form posts back
   * @param browserBinding the value of the login-state cookie the form must come with
   */
  record AskConsent(
      String clientName,
      String clientUri,
      String redirectHost,
      String pending,
      String browserBinding,
      Instant expiresAt)
      implements Outcome {
    @Override
    public String toString() {
      return "AskConsent[clientName=" + clientName + ", redirectHost=" + redirectHost + "]";
    }
  }

  /**
   * On to the identity provider.
   *
   * @param browserBinding the value of the login-state cookie the callback must come with
   */
  record SignIn(URI authorizationUrl, String browserBinding, Instant expiresAt) implements Outcome {
    @Override
    public String toString() {
      return "SignIn[expiresAt=" + expiresAt + "]";
    }
  }
}
