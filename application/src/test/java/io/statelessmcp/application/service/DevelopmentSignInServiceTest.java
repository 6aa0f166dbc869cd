package io.statelessmcp.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.port.in.DevelopmentSignIn;
import io.statelessmcp.application.port.in.DevelopmentSignIn.FixTheForm;
import io.statelessmcp.application.port.in.DevelopmentSignIn.Outcome;
import io.statelessmcp.application.port.in.DevelopmentSignIn.SignedIn;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.UserProfile;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

class DevelopmentSignInServiceTest {

  private static final URI CALLBACK = URI.create("http://localhost:8080/auth/complete");
  private static final String STATE = LoginState.start(null, null, java.time.Instant.EPOCH).state();
  private static final String CHALLENGE = LoginState.hash("a-verifier-of-the-login");

  private final List<String> issuedFor = new ArrayList<>();
  private final DevelopmentSignInService service =
      new DevelopmentSignInService(
          (UserProfile profile, String challenge) -> {
            issuedFor.add(profile.email() + "|" + profile.displayName() + "|" + challenge);
            return "dev_code_1";
          });

  private static DevelopmentSignIn.Request request() {
    return new DevelopmentSignIn.Request(
        STATE, CHALLENGE, CALLBACK.toString(), LoginState.hash(STATE), CALLBACK);
  }

  private Outcome signIn(String email, String name) {
    return service.signIn(request(), email, name).block();
  }

  @Test
  void aSignInSendsTheBrowserToTheCallbackWithTheCodeAndTheStateAsAuthKitWould() {
    Outcome outcome = signIn("  Ada@Example.com ", " Ada Lovelace ");

    assertThat(outcome).isInstanceOf(SignedIn.class);
    assertThat(((SignedIn) outcome).callback())
        .isEqualTo(URI.create(CALLBACK + "?code=dev_code_1&state=" + STATE));
    assertThat(issuedFor).containsExactly("ada@example.com|Ada Lovelace|" + CHALLENGE);
  }

  @Test
  void theNameIsOptional() {
    assertThat(signIn("grace@example.com", "")).isInstanceOf(SignedIn.class);
    assertThat(issuedFor).containsExactly("grace@example.com|null|" + CHALLENGE);
  }

  @Test
  void thePageOffersExampleUsers() {
    assertThat(service.open(request()).block())
        .extracting(DevelopmentSignIn.ExampleUser::email)
        .contains("ada@example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "ada", "ada@", "@example.com", "a b@example.com", "<a>@x.io"})
  void anAddressThatIsNoEmailIsAskedAgainAndNoCodeIsIssued(String email) {
    Outcome outcome = signIn(email, "Ada");

    assertThat(outcome).isInstanceOf(FixTheForm.class);
    assertThat(((FixTheForm) outcome).problem()).contains("email address");
    assertThat(issuedFor).isEmpty();
  }

  @Test
  void aNameTooLongOrWithControlCharactersIsAskedAgain() {
    assertThat(((FixTheForm) signIn("ada@example.com", "x".repeat(101))).problem())
        .contains("longer than 100");
    assertThat(((FixTheForm) signIn("ada@example.com", "Ada\u0000"))).isNotNull();
    assertThat(issuedFor).isEmpty();
  }

  @Test
  void aCodeGoesOnlyToThisServersCallback() {
    DevelopmentSignIn.Request elsewhere =
        new DevelopmentSignIn.Request(
            STATE, CHALLENGE, "https://evil.example/cb", LoginState.hash(STATE), CALLBACK);

    StepVerifier.create(service.signIn(elsewhere, "ada@example.com", "Ada"))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(InvalidRequest.class)
                    .hasMessageContaining(CALLBACK.toString()))
        .verify();
    StepVerifier.create(service.open(elsewhere)).expectError(InvalidRequest.class).verify();
    assertThat(issuedFor).isEmpty();
  }

  @Test
  void aLoginStartedInAnotherBrowserIsRefused() {
    DevelopmentSignIn.Request otherBrowser =
        new DevelopmentSignIn.Request(STATE, CHALLENGE, CALLBACK.toString(), "another", CALLBACK);
    DevelopmentSignIn.Request noCookie =
        new DevelopmentSignIn.Request(STATE, CHALLENGE, CALLBACK.toString(), null, CALLBACK);

    for (DevelopmentSignIn.Request refused : List.of(otherBrowser, noCookie)) {
      StepVerifier.create(service.signIn(refused, "ada@example.com", "Ada"))
          .expectErrorSatisfies(
              e ->
                  assertThat(((LoginRejected) e).reason())
                      .isEqualTo(LoginRejected.Reason.STATE_MISMATCH))
          .verify();
    }
    assertThat(issuedFor).isEmpty();
  }

  @Test
  void aMissingStateOrAChallengeThatIsNotS256IsRefused() {
    List<DevelopmentSignIn.Request> refused =
        List.of(
            new DevelopmentSignIn.Request(null, CHALLENGE, CALLBACK.toString(), "x", CALLBACK),
            new DevelopmentSignIn.Request(
                STATE, "plain-challenge", CALLBACK.toString(), LoginState.hash(STATE), CALLBACK));
    for (DevelopmentSignIn.Request request : refused) {
      StepVerifier.create(service.open(request)).expectError(InvalidRequest.class).verify();
    }
  }
}
