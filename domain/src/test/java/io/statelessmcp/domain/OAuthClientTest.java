package io.statelessmcp.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthClientTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final OAuthClientMetadata METADATA =
      new OAuthClientMetadata(
          List.of("https://app.example.com/cb"), null, null, null, null, null, null, null);

  @Test
  void aRegistrationGetsARandomIdAndExpiresUnlessUsed() {
    OAuthClient first = OAuthClient.registered(METADATA, T0);
    OAuthClient second = OAuthClient.registered(METADATA, T0);

    assertThat(first.clientId()).matches("dcr_[A-Za-z0-9_-]{22}").isNotEqualTo(second.clientId());
    assertThat(OAuthClient.namesMetadataDocument(first.clientId())).isFalse();
    assertThat(first.isUsableAt(T0.plus(Duration.ofHours(23)))).isTrue();
    assertThat(first.isUsableAt(T0.plus(Duration.ofDays(1)))).as("exactly at expiry").isFalse();

    OAuthClient used = first.usedAt(T0.plus(Duration.ofHours(2)));
    assertThat(used.lastUsedAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(used.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(2)).plus(Duration.ofDays(30)));
    assertThat(used.useIsWorthRecordingAt(T0.plus(Duration.ofMinutes(179)))).isFalse();
    assertThat(used.useIsWorthRecordingAt(T0.plus(Duration.ofHours(3)))).isTrue();
  }

  @Test
  void aDocumentIsCachedForItsMaxAgeWithinBounds() {
    assertThat(OAuthClient.documentCacheLifetime(Optional.empty())).isEqualTo(Duration.ofHours(1));
    assertThat(OAuthClient.documentCacheLifetime(Optional.of(Duration.ZERO)))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(OAuthClient.documentCacheLifetime(Optional.of(Duration.ofMinutes(30))))
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(OAuthClient.documentCacheLifetime(Optional.of(Duration.ofDays(365))))
        .isEqualTo(Duration.ofHours(24));

    URI url = URI.create("https://claude.ai/oauth/mcp-client.json");
    OAuthClient client =
        OAuthClient.fromDocument(url, METADATA, Optional.of(Duration.ofMinutes(30)), T0);
    assertThat(client.clientId()).isEqualTo(url.toString());
    assertThat(client.needsFetchAt(T0.plus(Duration.ofMinutes(29)))).isFalse();
    assertThat(client.needsFetchAt(T0.plus(Duration.ofMinutes(30)))).isTrue();
    assertThat(client.isUsableAt(T0.plus(Duration.ofDays(400)))).isTrue();
    assertThat(client.displayName()).isEqualTo("claude.ai");
  }

  @Test
  void aRefetchedDocumentTakesTheNewMetadataAndKeepsItsHistory() {
    URI url = URI.create("https://claude.ai/oauth/mcp-client.json");
    OAuthClient stored =
        OAuthClient.fromDocument(url, METADATA, Optional.empty(), T0)
            .usedAt(T0.plus(Duration.ofHours(2)));
    OAuthClientMetadata renamed =
        new OAuthClientMetadata(
            List.of("https://claude.ai/cb"), "Claude", null, null, null, null, null, null);
    OAuthClient fetched =
        OAuthClient.fromDocument(url, renamed, Optional.empty(), T0.plus(Duration.ofHours(3)));

    OAuthClient refetched = stored.refetched(fetched);

    assertThat(refetched.metadata()).isEqualTo(renamed);
    assertThat(refetched.cacheUntil()).isEqualTo(fetched.cacheUntil());
    assertThat(refetched.createdAt()).isEqualTo(T0);
    assertThat(refetched.lastUsedAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(refetched.expiresAt()).as("the later expiry").isEqualTo(fetched.expiresAt());
    assertThat(fetched.refetched(stored).expiresAt()).isEqualTo(fetched.expiresAt());
    OAuthClient registration = OAuthClient.registered(METADATA, T0);
    assertThat(registration.refetched(fetched)).isSameAs(registration);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://claude.ai",
        "https://claude.ai/",
        "https://claude.ai/a/../client.json",
        "https://claude.ai/./client.json",
        "https://claude.ai/client.json#x",
        "https://user@claude.ai/client.json",
        "https://claude.ai/client .json"
      })
  void refusesDocumentUrlsThatBreakTheRules(String clientId) {
    assertThat(OAuthClient.namesMetadataDocument(clientId)).isTrue();
    InvalidClientMetadata refused =
        catchThrowableOfType(
            InvalidClientMetadata.class, () -> OAuthClient.metadataDocumentUrl(clientId));
    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).doesNotContain("claude.ai");
  }

  @Test
  void acceptsADocumentUrlWithAPath() {
    assertThat(OAuthClient.metadataDocumentUrl("https://claude.ai/oauth/client.json?v=2"))
        .hasHost("claude.ai")
        .hasPath("/oauth/client.json");
  }
}
