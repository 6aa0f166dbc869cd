package io.statelessmcp.domain;

import java.time.Instant;
import java.util.Objects;

/** The user's upstream (WorkOS) tokens, which tools use on the user's behalf. */
public record OAuthTokens(String accessToken, String refreshToken, Instant accessExpiresAt) {

  public OAuthTokens {
    if (accessToken == null || accessToken.isBlank()) {
      throw new IllegalArgumentException("access token must not be blank");
    }
    if (refreshToken == null || refreshToken.isBlank()) {
      throw new IllegalArgumentException("refresh token must not be blank");
    }
    Objects.requireNonNull(accessExpiresAt, "access token expiry");
  }

  @Override
  public String toString() {
    return "OAuthTokens[accessToken=<redacted>, refreshToken=<redacted>, accessExpiresAt="
        + accessExpiresAt
        + "]";
  }
}
