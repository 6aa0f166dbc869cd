package io.statelessmcp.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The secrets this authorization server hands to OAuth clients: a prefix naming the kind (so that
 * secret scanners and this server's own routing recognise them) and 256 random bits in base64url.
 * Only their {@link SecretHash} is ever stored.
 */
public enum OAuthSecret {
  AUTHORIZATION_CODE("mcp_code_"),
  ACCESS_TOKEN("mcp_at_"),
  REFRESH_TOKEN("mcp_rt_"),
  /** The consent cookie's value: names a browser, so consent is remembered per browser. */
  BROWSER("mcp_br_");

  private static final int RANDOM_BYTES = 32;
  private static final int BODY_LENGTH = RandomTokens.encodedLength(RANDOM_BYTES);

  private final String prefix;

  OAuthSecret(String prefix) {
    this.prefix = prefix;
  }

  public String issue() {
    return prefix + RandomTokens.urlSafe(RANDOM_BYTES);
  }

  /** True when {@code value} has this kind's shape; checked before any lookup. */
  public boolean isWellFormed(String value) {
    return value != null
        && value.length() == prefix.length() + BODY_LENGTH
        && value.startsWith(prefix)
        && RandomTokens.isUrlSafeAlphabet(value.substring(prefix.length()));
  }

  /**
   * The refresh token that replaces {@code refreshToken}: derived from it under this deployment's
   * key rather than drawn at random, so two replicas rotating the same token at the same moment
   * issue the same successor and neither client copy is lost. Without the key, the successor of a
   * stolen token cannot be computed.
   */
  public static String successorOf(String refreshToken, GrantKey key) {
    if (!REFRESH_TOKEN.isWellFormed(refreshToken)) {
      throw new IllegalArgumentException("not a refresh token of this server");
    }
    byte[] derived = Sha256.hmac(key.bytes(), refreshToken.getBytes(StandardCharsets.US_ASCII));
    return REFRESH_TOKEN.prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(derived);
  }
}
