package io.statelessmcp.domain;

import java.util.Arrays;

/**
 * This deployment's key for deriving refresh-token successors ({@link OAuthSecret#successorOf}).
 * Every replica must hold the same one.
 */
public record GrantKey(byte[] bytes) {

  public static final int MIN_LENGTH = 32;

  public GrantKey {
    if (bytes == null || bytes.length < MIN_LENGTH) {
      throw new IllegalArgumentException("a grant key needs at least " + MIN_LENGTH + " bytes");
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GrantKey that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "GrantKey[<redacted>]";
  }
}
