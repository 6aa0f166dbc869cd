package io.statelessmcp.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * SHA-256 of a secret: a {@link SessionSecret}, or an OAuth code or token of this server. What is
 * stored in place of the secret. Compared in constant time.
 */
public record SecretHash(byte[] bytes) {

  public static final int LENGTH = 32;

  public SecretHash {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("secret hash must be " + LENGTH + " bytes");
    }
    bytes = bytes.clone();
  }

  /** The hash of {@code secret}'s ASCII bytes; every secret of this server is base64url text. */
  public static SecretHash of(String secret) {
    return new SecretHash(Sha256.digest(secret.getBytes(StandardCharsets.US_ASCII)));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Constant-time: the time taken does not depend on where the first differing byte is. */
  public boolean matches(SessionSecret secret) {
    return MessageDigest.isEqual(bytes, secret.hash().bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretHash that && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SecretHash[<redacted>]";
  }
}
