package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.spi.Readable;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthClientMetadata;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** One row of {@code mcp_oauth_clients}; no secret in it (public clients only). */
record OAuthClientRow(
    String clientId,
    String registration,
    String[] redirectUris,
    String clientName,
    String clientUri,
    String logoUri,
    String scope,
    String[] grantTypes,
    String[] responseTypes,
    String tokenEndpointAuthMethod,
    OffsetDateTime createdAt,
    OffsetDateTime lastUsedAt,
    OffsetDateTime expiresAt,
    OffsetDateTime cacheUntil) {

  static final String COLUMNS =
      "client_id, registration, redirect_uris, client_name, client_uri, logo_uri, scope,"
          + " grant_types, response_types, token_endpoint_auth_method, created_at, last_used_at,"
          + " expires_at, cache_until";

  static OAuthClientRow of(OAuthClient client) {
    OAuthClientMetadata metadata = client.metadata();
    return new OAuthClientRow(
        client.clientId(),
        client.registration().name().toLowerCase(java.util.Locale.ROOT),
        metadata.redirectUris().toArray(String[]::new),
        metadata.clientName(),
        metadata.clientUri(),
        metadata.logoUri(),
        metadata.scope(),
        metadata.grantTypes().toArray(String[]::new),
        metadata.responseTypes().toArray(String[]::new),
        metadata.tokenEndpointAuthMethod(),
        timestamp(client.createdAt()),
        timestamp(client.lastUsedAt()),
        timestamp(client.expiresAt()),
        timestamp(client.cacheUntil()));
  }

  static OAuthClientRow read(Readable row) {
    return new OAuthClientRow(
        row.get("client_id", String.class),
        row.get("registration", String.class),
        row.get("redirect_uris", String[].class),
        row.get("client_name", String.class),
        row.get("client_uri", String.class),
        row.get("logo_uri", String.class),
        row.get("scope", String.class),
        row.get("grant_types", String[].class),
        row.get("response_types", String[].class),
        row.get("token_endpoint_auth_method", String.class),
        row.get("created_at", OffsetDateTime.class),
        row.get("last_used_at", OffsetDateTime.class),
        row.get("expires_at", OffsetDateTime.class),
        row.get("cache_until", OffsetDateTime.class));
  }

  /**
   * @throws IllegalArgumentException when the row no longer meets the metadata rules
   */
  OAuthClient toClient() {
    return new OAuthClient(
        clientId,
        OAuthClient.Registration.valueOf(registration.toUpperCase(java.util.Locale.ROOT)),
        new OAuthClientMetadata(
            List.of(redirectUris),
            clientName,
            clientUri,
            logoUri,
            scope,
            List.of(grantTypes),
            List.of(responseTypes),
            tokenEndpointAuthMethod),
        instant(createdAt),
        instant(lastUsedAt),
        instant(expiresAt),
        instant(cacheUntil));
  }

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
