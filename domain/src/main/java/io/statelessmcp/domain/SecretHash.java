package io.statelessmcp.domain;

import java.security.MessageDigest;
import java.util.Arrays;

/** SHA-256 of a {@link SessionSecret}. Compared in constant time. */
public record SecretHash(byte[] bytes) {

  public static final int LENGTH = 32;

  public SecretHash {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("secret hash must be " + LENGTH + " bytes");
    }
    bytes = bytes.clone();
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
