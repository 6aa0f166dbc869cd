package io.statelessmcp.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthClientMetadata;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OAuthClientRegistry}, run by every implementation: the PostgreSQL registry
 * on each kind of database, the in-memory twin and the services' fake.
 */
public abstract class OAuthClientRegistryContract {

  protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  protected static final OAuthClientMetadata FULL =
      new OAuthClientMetadata(
          List.of("https://claude.ai/api/mcp/auth_callback", "http://localhost:33418/callback"),
          "Claude",
          "https://claude.ai",
          "https://claude.ai/logo.png",
          "mcp offline_access",
          List.of("refresh_token", "authorization_code"),
          List.of("code"),
          "none");

  protected static final OAuthClientMetadata MINIMAL =
      new OAuthClientMetadata(
          List.of("http://127.0.0.1:6274/oauth/callback"),
          null,
          null,
          null,
          null,
          List.of("authorization_code"),
          null,
          null);

  private OAuthClientRegistry registry;

  /** An implementation with no clients in it. */
  protected abstract OAuthClientRegistry freshRegistry();

  /** Makes a live session name the client, as a grant issued to it does. */
  protected abstract void aSessionNames(String clientId);

  @BeforeEach
  void fresh() {
    registry = freshRegistry();
  }

  private OAuthClient find(String clientId) {
    return registry.find(clientId).block();
  }

  private static OAuthClient document(String url, OAuthClientMetadata metadata, Instant at) {
    return OAuthClient.fromDocument(
        URI.create(url), metadata, Optional.of(Duration.ofMinutes(30)), at);
  }

  @Test
  void aRegisteredClientIsFoundWithEveryFieldIntact() {
    OAuthClient full = OAuthClient.registered(FULL, T0);
    OAuthClient minimal = OAuthClient.registered(MINIMAL, T0.plusSeconds(1));

    assertThat(registry.register(full).block()).isEqualTo(full);
    registry.register(minimal).block();

    assertThat(find(full.clientId())).isEqualTo(full);
    assertThat(find(minimal.clientId())).isEqualTo(minimal);
    assertThat(find(minimal.clientId()).metadata().grantTypes())
        .containsExactly("authorization_code");
  }

  @Test
  void anUnknownClientIsNotFound() {
    assertThat(registry.find("dcr_AAAAAAAAAAAAAAAAAAAAAA").blockOptional()).isEmpty();
    assertThat(registry.find("https://nowhere.example/client.json").blockOptional()).isEmpty();
  }

  @Test
  void aSecondRegistrationUnderTheSameIdFailsAndChangesNothing() {
    OAuthClient first = OAuthClient.registered(FULL, T0);
    registry.register(first).block();
    OAuthClient impostor =
        new OAuthClient(
            first.clientId(),
            OAuthClient.Registration.DCR,
            MINIMAL,
            T0,
            null,
            T0.plus(Duration.ofDays(1)),
            null);

    assertThat(catchThrowable(() -> registry.register(impostor).block())).isNotNull();
    assertThat(find(first.clientId())).isEqualTo(first);
  }

  @Test
  void aDocumentStoredAgainTakesTheNewMetadataAndKeepsItsHistory() {
    String url = "https://claude.ai/oauth/mcp-client.json";
    OAuthClient fetched = document(url, FULL, T0);
    assertThat(registry.saveDocument(fetched).block()).isEqualTo(fetched);
    registry.touch(url, T0.plus(Duration.ofMinutes(1))).block();

    Instant later = T0.plus(Duration.ofHours(2));
    OAuthClient stored = registry.saveDocument(document(url, MINIMAL, later)).block();

    assertThat(stored.metadata()).isEqualTo(MINIMAL);
    assertThat(stored.cacheUntil()).isEqualTo(later.plus(Duration.ofMinutes(30)));
    assertThat(stored.createdAt()).isEqualTo(T0);
    assertThat(stored.lastUsedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(stored.expiresAt()).isEqualTo(later.plus(OAuthClient.IDLE_LIFETIME));
    assertThat(find(url)).isEqualTo(stored);
  }

  @Test
  void aUseIsRecordedAtMostOnceAnHourAndNeverShortensTheExpiry() {
    OAuthClient client = OAuthClient.registered(FULL, T0);
    registry.register(client).block();

    Instant firstUse = T0.plus(Duration.ofMinutes(10));
    registry.touch(client.clientId(), firstUse).block();
    assertThat(find(client.clientId())).isEqualTo(client.usedAt(firstUse));

    registry.touch(client.clientId(), firstUse.plus(Duration.ofMinutes(59))).block();
    assertThat(find(client.clientId()).lastUsedAt()).as("throttled").isEqualTo(firstUse);

    Instant hourLater = firstUse.plus(Duration.ofHours(1));
    registry.touch(client.clientId(), hourLater).block();
    assertThat(find(client.clientId())).isEqualTo(client.usedAt(firstUse).usedAt(hourLater));

    registry.touch("dcr_unknownunknownunknow", hourLater).block();
  }

  @Test
  void deletesClientsExpiredAtNowUnlessASessionNamesThem() {
    OAuthClient expired = OAuthClient.registered(FULL, T0);
    OAuthClient expiredButGranted = OAuthClient.registered(FULL, T0);
    OAuthClient current = OAuthClient.registered(MINIMAL, T0.plus(Duration.ofHours(1)));
    OAuthClient doc = document("https://app.example.com/client.json", MINIMAL, T0);
    registry.register(expired).block();
    registry.register(expiredButGranted).block();
    registry.register(current).block();
    registry.saveDocument(doc).block();
    aSessionNames(expiredButGranted.clientId());

    Instant now = expired.expiresAt();
    assertThat(registry.deleteExpired(now).block()).isEqualTo(1);

    assertThat(registry.find(expired.clientId()).blockOptional()).isEmpty();
    assertThat(find(expiredButGranted.clientId())).isEqualTo(expiredButGranted);
    assertThat(find(current.clientId())).isEqualTo(current);
    assertThat(find(doc.clientId())).isEqualTo(doc);
    assertThat(registry.deleteExpired(doc.expiresAt()).block()).isEqualTo(2);
  }
}
