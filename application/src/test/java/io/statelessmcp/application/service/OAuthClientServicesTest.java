package io.statelessmcp.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.port.in.RegisterClient;
import io.statelessmcp.application.port.out.ClientMetadataDocuments;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthClientMetadata;
import io.statelessmcp.domain.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class OAuthClientServicesTest {

  private static final String DOCUMENT = "https://claude.ai/oauth/mcp-client.json";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final MemoryOAuthClients registry = new MemoryOAuthClients();
  private final List<URI> fetches = new ArrayList<>();
  private final AtomicReference<Mono<ClientMetadataDocuments.Document>> nextDocument =
      new AtomicReference<>();
  private final ClientMetadataDocuments documents =
      url -> {
        fetches.add(url);
        return nextDocument.get();
      };

  private final RegisterClientService register = new RegisterClientService(registry, clock);
  private final ResolveClientService resolve = new ResolveClientService(registry, documents, clock);

  private static RegisterClient.Command command(List<String> redirectUris, String authMethod) {
    return () ->
        new OAuthClientMetadata(
            redirectUris, "Inspector", null, null, null, null, null, authMethod);
  }

  private static ClientRejected rejection(Mono<?> call) {
    return catchThrowableOfType(ClientRejected.class, call::block);
  }

  private void documentSays(List<String> redirectUris, Optional<Duration> maxAge) {
    nextDocument.set(
        Mono.just(
            new ClientMetadataDocuments.Document(
                new OAuthClientMetadata(redirectUris, "Claude", null, null, null, null, null, null),
                maxAge)));
  }

  @Test
  void registersAPublicClientWithDefaultsAndRemembersIt() {
    OAuthClient client =
        register.register(command(List.of("http://localhost:6274/oauth/callback"), null)).block();

    assertThat(client.clientId()).startsWith("dcr_");
    assertThat(client.metadata().tokenEndpointAuthMethod()).isEqualTo("none");
    assertThat(client.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
    assertThat(registry.rows).containsEntry(client.clientId(), client);
  }

  @Test
  void badMetadataIsRefusedWithTheRfc7591ErrorAndNothingIsStored() {
    ClientRejected redirect =
        rejection(register.register(command(List.of("http://evil.example.com/cb"), null)));
    ClientRejected secret =
        rejection(
            register.register(
                command(List.of("https://app.example.com/cb"), "client_secret_post")));
    ClientRejected missing = rejection(register.register(command(null, null)));

    assertThat(redirect.reason()).isEqualTo(ClientRejected.Reason.INVALID_REDIRECT_URI);
    assertThat(redirect.getMessage())
        .isEqualTo(
            "redirect_uris[0] must use https, or http on a loopback address (localhost,"
                + " 127.0.0.1, [::1])");
    assertThat(secret.reason()).isEqualTo(ClientRejected.Reason.INVALID_CLIENT_METADATA);
    assertThat(missing.reason()).isEqualTo(ClientRejected.Reason.INVALID_REDIRECT_URI);
    assertThat(registry.rows).isEmpty();
  }

  @Test
  void aRegisteredClientResolvesUntilItExpiresUnusedAndEachUseKeepsItLonger() {
    OAuthClient client =
        register.register(command(List.of("https://app.example.com/cb"), null)).block();

    clock.advance(Duration.ofHours(23));
    OAuthClient resolved = resolve.resolve(client.clientId()).block();
    assertThat(resolved.lastUsedAt()).isEqualTo(clock.instant());
    assertThat(registry.rows.get(client.clientId())).isEqualTo(resolved);

    int writes = registry.writes.get();
    clock.advance(Duration.ofMinutes(30));
    resolve.resolve(client.clientId()).block();
    assertThat(registry.writes.get()).as("a use is recorded once an hour").isEqualTo(writes);

    OAuthClient unused =
        register.register(command(List.of("https://app.example.com/cb"), null)).block();
    clock.advance(Duration.ofDays(1));
    assertThat(rejection(resolve.resolve(unused.clientId())).getMessage())
        .contains("expired unused");
    assertThat(resolve.resolve(client.clientId()).block()).isNotNull();
  }

  @Test
  void unknownOrMissingClientIdsAreRefused() {
    ClientRejected unknown = rejection(resolve.resolve("dcr_AAAAAAAAAAAAAAAAAAAAAA"));
    ClientRejected missing = rejection(resolve.resolve(" "));

    assertThat(unknown.reason()).isEqualTo(ClientRejected.Reason.UNKNOWN_CLIENT);
    assertThat(missing.getMessage()).isEqualTo("client_id is missing");
    assertThat(fetches).isEmpty();
  }

  @Test
  void aMetadataDocumentIsFetchedOnceAndUsedForItsMaxAge() {
    documentSays(
        List.of("https://claude.ai/api/mcp/auth_callback"), Optional.of(Duration.ofMinutes(10)));

    OAuthClient first = resolve.resolve(DOCUMENT).block();
    clock.advance(Duration.ofMinutes(9));
    OAuthClient second = resolve.resolve(DOCUMENT).block();

    assertThat(fetches).containsExactly(URI.create(DOCUMENT));
    assertThat(first.registration()).isEqualTo(OAuthClient.Registration.CIMD);
    assertThat(first.metadata().clientName()).isEqualTo("Claude");
    assertThat(second.metadata()).isEqualTo(first.metadata());

    documentSays(List.of("https://claude.ai/new_callback"), Optional.empty());
    clock.advance(Duration.ofMinutes(1));
    OAuthClient refreshed = resolve.resolve(DOCUMENT).block();

    assertThat(fetches).hasSize(2);
    assertThat(refreshed.metadata().redirectUris())
        .containsExactly("https://claude.ai/new_callback");
    assertThat(refreshed.cacheUntil()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    assertThat(registry.rows.get(DOCUMENT).metadata()).isEqualTo(refreshed.metadata());
  }

  @Test
  void aDocumentThatCannotBeFetchedAgainRefusesTheClientInsteadOfTrustingTheStaleCopy() {
    documentSays(List.of("https://claude.ai/api/mcp/auth_callback"), Optional.of(Duration.ZERO));
    resolve.resolve(DOCUMENT).block();
    nextDocument.set(
        Mono.error(
            new ClientRejected(
                ClientRejected.Reason.UNKNOWN_CLIENT, "the document answered HTTP 404")));

    clock.advance(Duration.ofMinutes(5));
    ClientRejected refused = rejection(resolve.resolve(DOCUMENT));

    assertThat(refused.getMessage()).isEqualTo("the document answered HTTP 404");
    assertThat(fetches).hasSize(2);
  }

  @Test
  void thePurgeDeletesRegistrationsThatExpiredUnusedButNotThoseWithGrants() {
    OAuthClient unused =
        register.register(command(List.of("https://app.example.com/cb"), null)).block();
    OAuthClient granted =
        register.register(command(List.of("https://app.example.com/cb"), null)).block();
    registry.namedBySessions.add(granted.clientId());
    PurgeExpiredClientsService purge =
        new PurgeExpiredClientsService(
            registry,
            new Fakes.MemoryAuthorizationCodes(),
            new Fakes.MemoryGrantTokens(),
            new Fakes.MemoryConsents(),
            clock);

    assertThat(purge.purge().block().total()).isZero();
    clock.advance(Duration.ofDays(1));
    assertThat(purge.purge().block().clientsDeleted()).isEqualTo(1);
    assertThat(registry.rows).containsOnlyKeys(granted.clientId());
    assertThat(unused.clientId()).isNotEqualTo(granted.clientId());
  }

  @Test
  void aClientIdUrlThatBreaksTheRulesIsRefusedWithoutAFetch() {
    ClientRejected refused = rejection(resolve.resolve("https://claude.ai/"));

    assertThat(refused.reason()).isEqualTo(ClientRejected.Reason.UNKNOWN_CLIENT);
    assertThat(refused.getMessage()).contains("must have a host and a path");
    assertThat(fetches).isEmpty();
  }
}
