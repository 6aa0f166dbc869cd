package io.statelessmcp.adapter.out.supabase;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.UserProfile;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a session that are encrypted at rest: the upstream tokens and the user's profile
 * (PII). Serialised as a small JSON document before encryption.
 */
record SessionSecrets(OAuthTokens tokens, UserProfile profile) {

  private static final int FORMAT = 1;
  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  @Override
  public String toString() {
    return "SessionSecrets[<redacted>]";
  }

  byte[] toJson() {
    return JSON.writeValueAsBytes(
        new Document(
            FORMAT,
            tokens.accessToken(),
            tokens.refreshToken(),
            tokens.accessExpiresAt().toString(),
            profile.email(),
            profile.firstName(),
            profile.lastName()));
  }

  static SessionSecrets fromJson(byte[] json) throws AesGcm.Unreadable {
    try {
      Document document = JSON.readValue(json, Document.class);
      if (document == null || document.format() != FORMAT) {
        throw new AesGcm.Unreadable("encrypted payload has an unknown format");
      }
      return new SessionSecrets(
          new OAuthTokens(
              document.accessToken(),
              document.refreshToken(),
              Instant.parse(document.accessExpiresAt())),
          new UserProfile(document.email(), document.firstName(), document.lastName()));
    } catch (JacksonException
        | IllegalArgumentException
        | NullPointerException
        | DateTimeParseException e) {
      throw new AesGcm.Unreadable("encrypted payload does not decode");
    }
  }

  /** The JSON document: short names keep the ciphertext small. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Document(
      @JsonProperty("v") int format,
      @JsonProperty("at") String accessToken,
      @JsonProperty("rt") String refreshToken,
      @JsonProperty("exp") String accessExpiresAt,
      @JsonProperty("email") String email,
      @JsonProperty("given") String firstName,
      @JsonProperty("family") String lastName) {

    @Override
    public String toString() {
      return "Document[<redacted>]";
    }
  }
}
