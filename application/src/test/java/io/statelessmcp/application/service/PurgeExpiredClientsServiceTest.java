package io.statelessmcp.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.port.in.PurgeExpiredClients.PurgeReport;
import io.statelessmcp.domain.AccessToken;
import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.AuthorizationRequest;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthClientMetadata;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PurgeExpiredClientsServiceTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final MemoryOAuthClients registry = new MemoryOAuthClients();
  private final Fakes.MemoryAuthorizationCodes codes = new Fakes.MemoryAuthorizationCodes();
  private final Fakes.MemoryGrantTokens tokens = new Fakes.MemoryGrantTokens();
  private final Fakes.MemoryConsents consents = new Fakes.MemoryConsents();
  private final PurgeExpiredClientsService purge =
      new PurgeExpiredClientsService(registry, codes, tokens, consents, clock);
  private final SessionId grant = SessionId.random();
  private final SecretHash browser = SecretHash.of(OAuthSecret.BROWSER.issue());

  private OAuthClient registered() {
    return new RegisterClientService(registry, clock)
        .register(
            () ->
                new OAuthClientMetadata(
                    List.of("https://app.example.com/cb"),
                    "Inspector",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
        .block();
  }

  private AuthorizationCode codeIssuedAt(Instant at) {
    AuthorizationRequest request =
        new AuthorizationRequest(
            "dcr_purgePurgePurgePurge01",
            "https://app.example.com/cb",
            LoginState.hash("a-verifier"),
            null,
            null,
            null);
    AuthorizationCode code = AuthorizationCode.issue(request, grant, at).stored();
    codes.save(code).block();
    return code;
  }

  private AccessToken accessTokenExpiringAt(Instant expiresAt) {
    AccessToken token =
        new AccessToken(
            SecretHash.of(OAuthSecret.ACCESS_TOKEN.issue()),
            grant,
            "dcr_purgePurgePurgePurge01",
            null,
            "mcp",
            expiresAt.minus(Duration.ofHours(1)),
            expiresAt);
    tokens.saveAccessToken(token).block();
    return token;
  }

  @Test
  void deletesEveryKindOfExpiredRowAtTheClocksInstantAndSaysHowManyOfEach() {
    OAuthClient unused = registered();
    clock.advance(Duration.ofDays(1));
    OAuthClient fresh = registered();
    Instant now = clock.instant();
    AuthorizationCode expiredCode = codeIssuedAt(now.minus(AuthorizationCode.LIFETIME));
    AuthorizationCode liveCode = codeIssuedAt(now);
    AccessToken expiringNow = accessTokenExpiringAt(now);
    AccessToken liveToken = accessTokenExpiringAt(now.plusSeconds(1));
    consents.remember(browser, "dcr_expired", now.minusSeconds(60), now).block();
    consents.remember(browser, "dcr_live", now.minusSeconds(60), now.plusSeconds(1)).block();

    PurgeReport report = purge.purge().block();

    assertThat(report).isEqualTo(new PurgeReport(1, 1, 1, 1));
    assertThat(report.total()).isEqualTo(4);
    assertThat(registry.rows).containsOnlyKeys(fresh.clientId());
    assertThat(unused.clientId()).isNotEqualTo(fresh.clientId());
    assertThat(codes.codes).containsOnlyKeys(liveCode.codeHash());
    assertThat(expiredCode.codeHash()).isNotEqualTo(liveCode.codeHash());
    assertThat(tokens.access).containsOnlyKeys(liveToken.tokenHash());
    assertThat(expiringNow.tokenHash()).isNotEqualTo(liveToken.tokenHash());
    assertThat(consents.isGiven(browser, "dcr_live", now).block()).isTrue();
    assertThat(consents.given).hasSize(1);
  }

  @Test
  void aRunWithNothingExpiredDeletesNothing() {
    registered();
    codeIssuedAt(clock.instant());
    accessTokenExpiringAt(clock.instant().plusSeconds(1));

    assertThat(purge.purge().block().total()).isZero();
    assertThat(registry.rows).hasSize(1);
    assertThat(codes.codes).hasSize(1);
    assertThat(tokens.access).hasSize(1);
  }
}
