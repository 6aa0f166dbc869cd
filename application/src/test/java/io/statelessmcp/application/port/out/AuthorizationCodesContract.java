package io.statelessmcp.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.AuthorizationRequest;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The contract of {@link AuthorizationCodes}, run by every implementation: the PostgreSQL store on
 * each kind of database and the in-memory twin.
 */
public abstract class AuthorizationCodesContract {

  protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  protected static final String CLIENT = "dcr_codesCodesCodesCodes01";

  protected static final AuthorizationRequest FULL_REQUEST =
      new AuthorizationRequest(
          CLIENT,
          "http://127.0.0.1:33418/callback",
          LoginState.hash("a-verifier-of-the-client"),
          "client-state-42",
          "https://mcp.example.com/mcp",
          "mcp offline_access");

  protected static final AuthorizationRequest MINIMAL_REQUEST =
      new AuthorizationRequest(
          CLIENT,
          "https://app.example.com/cb",
          LoginState.hash("another-verifier"),
          null,
          null,
          null);

  private AuthorizationCodes codes;
  private SessionId grant;

  /** An implementation with no codes in it. */
  protected abstract AuthorizationCodes freshCodes();

  /** A stored session issued to {@code clientId} (a registered client), as a code's grant. */
  protected abstract SessionId aGrantTo(String clientId);

  @BeforeEach
  void fresh() {
    codes = freshCodes();
    grant = aGrantTo(CLIENT);
  }

  private AuthorizationCode saved(AuthorizationRequest request, Instant at) {
    AuthorizationCode code = AuthorizationCode.issue(request, grant, at).stored();
    codes.save(code).block();
    return code;
  }

  @Test
  void aSavedCodeIsFoundWithEveryFieldIntact() {
    AuthorizationCode full = saved(FULL_REQUEST, T0);
    AuthorizationCode minimal = saved(MINIMAL_REQUEST, T0.plusSeconds(1));

    assertThat(codes.find(full.codeHash()).block()).isEqualTo(full);
    assertThat(codes.find(minimal.codeHash()).block()).isEqualTo(minimal);
    assertThat(codes.find(full.codeHash()).block().isUsed()).isFalse();
  }

  @Test
  void anUnknownCodeIsNotFoundAndCannotBeUsed() {
    saved(FULL_REQUEST, T0);
    SecretHash unknown = SecretHash.of("mcp_code_never-issued");

    assertThat(codes.find(unknown).blockOptional()).isEmpty();
    assertThat(codes.markUsed(unknown, T0).block()).isFalse();
  }

  @Test
  void anExpiredCodeIsStillFoundSoTheCallerCanSayExpired() {
    AuthorizationCode code = saved(FULL_REQUEST, T0.minus(Duration.ofHours(1)));

    AuthorizationCode found = codes.find(code.codeHash()).block();

    assertThat(found).isEqualTo(code);
    assertThat(found.isExpiredAt(T0)).isTrue();
  }

  @Test
  void aCodeIsMarkedUsedOnceAndKeepsItsFirstUse() {
    AuthorizationCode code = saved(FULL_REQUEST, T0);
    Instant redeemed = T0.plusSeconds(3);

    assertThat(codes.markUsed(code.codeHash(), redeemed).block()).isTrue();
    assertThat(codes.markUsed(code.codeHash(), redeemed.plusSeconds(1)).block()).isFalse();

    AuthorizationCode used = codes.find(code.codeHash()).block();
    assertThat(used.isUsed()).isTrue();
    assertThat(used.usedAt()).isEqualTo(redeemed);
  }

  @Test
  void markingOneCodeUsedLeavesTheOthersAlone() {
    AuthorizationCode redeemed = saved(FULL_REQUEST, T0);
    AuthorizationCode other = saved(FULL_REQUEST, T0);

    codes.markUsed(redeemed.codeHash(), T0.plusSeconds(1)).block();

    assertThat(codes.find(other.codeHash()).block()).isEqualTo(other);
  }

  @RepeatedTest(5)
  void ofTwoConcurrentRedemptionsExactlyOneMarksTheCodeUsed() {
    AuthorizationCode code = saved(FULL_REQUEST, T0);

    var results =
        Mono.zip(
                codes
                    .markUsed(code.codeHash(), T0.plusSeconds(1))
                    .subscribeOn(Schedulers.boundedElastic()),
                codes
                    .markUsed(code.codeHash(), T0.plusSeconds(2))
                    .subscribeOn(Schedulers.boundedElastic()))
            .block();

    assertThat(List.of(results.getT1(), results.getT2())).containsExactlyInAnyOrder(true, false);
    Instant usedAt = codes.find(code.codeHash()).block().usedAt();
    assertThat(usedAt).isEqualTo(results.getT1() ? T0.plusSeconds(1) : T0.plusSeconds(2));
  }

  @Test
  void deletingExpiredCodesTakesThoseExpiredAtOrBeforeNowUsedOrNot() {
    AuthorizationCode expiring = saved(FULL_REQUEST, T0);
    AuthorizationCode usedAndExpired = saved(MINIMAL_REQUEST, T0.minusSeconds(1));
    codes.markUsed(usedAndExpired.codeHash(), T0).block();
    AuthorizationCode live = saved(FULL_REQUEST, T0.plusSeconds(1));
    Instant now = expiring.expiresAt();

    assertThat(codes.deleteExpired(now).block()).isEqualTo(2);

    assertThat(codes.find(expiring.codeHash()).blockOptional()).isEmpty();
    assertThat(codes.find(usedAndExpired.codeHash()).blockOptional()).isEmpty();
    assertThat(codes.find(live.codeHash()).block()).isEqualTo(live);
    assertThat(codes.deleteExpired(now).block()).isZero();
  }
}
