package io.statelessmcp.application.service;

import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.port.in.DevelopmentSignIn;
import io.statelessmcp.application.port.out.DevelopmentCodes;
import io.statelessmcp.domain.AuthorizationRequest;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.UserProfile;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * The development sign-in page's decisions. A code goes only to this server's own callback, only
 * for a login started in the same browser (the login-state cookie holds the state's hash), and is
 * bound to the login's PKCE challenge; the callback then runs the real flow.
 */
public record DevelopmentSignInService(DevelopmentCodes codes) implements DevelopmentSignIn {

  /** Offered with one click; any other address may be typed. */
  public static final List<ExampleUser> EXAMPLE_USERS =
      List.of(
          new ExampleUser("ada@example.com", "Ada Lovelace"),
          new ExampleUser("grace@example.com", "Grace Hopper"),
          new ExampleUser("alan@example.com", "Alan Turing"));

  static final int MAX_EMAIL_LENGTH = 254;
  static final int MAX_NAME_LENGTH = 100;
  private static final String START_AGAIN = "; start again at /auth/login";

  // RFC 5321 sizes, a practical alphabet: enough to be someone's address, nothing to escape.
  private static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
              + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{16,256}");

  @Override
  public Mono<List<ExampleUser>> open(Request request) {
    return Mono.defer(
        () -> {
          check(request);
          return Mono.just(EXAMPLE_USERS);
        });
  }

  @Override
  public Mono<Outcome> signIn(Request request, String email, String name) {
    return Mono.defer(
        () -> {
          check(request);
          String address = email == null ? "" : email.trim();
          if (address.isEmpty()) {
            return fix("enter an email address, such as ada@example.com");
          }
          if (address.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(address).matches()) {
            return fix("this is not an email address this page accepts, such as ada@example.com");
          }
          String displayName = name == null ? "" : name.strip();
          if (displayName.length() > MAX_NAME_LENGTH) {
            return fix("the name is longer than " + MAX_NAME_LENGTH + " characters");
          }
          if (displayName.chars().anyMatch(Character::isISOControl)) {
            return fix("the name contains control characters");
          }
          UserProfile profile =
              new UserProfile(
                  address.toLowerCase(Locale.ROOT),
                  displayName.isEmpty() ? null : displayName,
                  null);
          String code = codes.issue(profile, request.codeChallenge());
          return Mono.just(new SignedIn(callback(request, code)));
        });
  }

  /** Throws the refusal of a request that did not come from this server's own login. */
  private static void check(Request request) {
    if (request.redirectUri() == null
        || request.callbackUrl() == null
        || !request.redirectUri().equals(request.callbackUrl().toString())) {
      throw new InvalidRequest(
          "redirect_uri must be this server's callback, " + request.callbackUrl() + START_AGAIN);
    }
    if (request.state() == null || !STATE.matcher(request.state()).matches()) {
      throw new InvalidRequest("the sign-in request carries no usable state" + START_AGAIN);
    }
    if (!AuthorizationRequest.isS256Challenge(request.codeChallenge())) {
      throw new InvalidRequest("code_challenge is not an S256 challenge" + START_AGAIN);
    }
    if (!LoginState.isBoundTo(LoginState.hash(request.state()), request.browserBinding())) {
      throw new LoginRejected(
          LoginRejected.Reason.STATE_MISMATCH,
          "this sign-in was started in another browser" + START_AGAIN);
    }
  }

  /** As AuthKit answers: the callback with {@code code} and {@code state}. */
  private static URI callback(Request request, String code) {
    return URI.create(
        request.callbackUrl()
            + (request.callbackUrl().getRawQuery() == null ? "?" : "&")
            + "code="
            + URLEncoder.encode(code, StandardCharsets.UTF_8)
            + "&state="
            + URLEncoder.encode(request.state(), StandardCharsets.UTF_8));
  }

  private static Mono<Outcome> fix(String problem) {
    return Mono.just(new FixTheForm(problem));
  }
}
