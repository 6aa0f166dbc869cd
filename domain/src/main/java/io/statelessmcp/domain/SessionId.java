package io.statelessmcp.domain;

/**
 * The public half of a session credential: 128 random bits, base64url without padding. Safe to log
 * and to use in SQL; it authenticates nothing on its own.
 */
public record SessionId(String value) {

  public static final int RANDOM_BYTES = 16;
  public static final int LENGTH = RandomTokens.encodedLength(RANDOM_BYTES);

  public SessionId {
    if (!isWellFormed(value)) {
      throw new IllegalArgumentException("session id must be " + LENGTH + " base64url characters");
    }
  }

  public static SessionId random() {
    return new SessionId(RandomTokens.urlSafe(RANDOM_BYTES));
  }

  public static boolean isWellFormed(String value) {
    return value != null && value.length() == LENGTH && RandomTokens.isUrlSafeAlphabet(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
