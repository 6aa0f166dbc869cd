package io.statelessmcp.domain;

/** The private half of a session credential: 256 random bits. Only its hash is ever stored. */
public record SessionSecret(String value) {

  public static final int RANDOM_BYTES = 32;
  public static final int LENGTH = RandomTokens.encodedLength(RANDOM_BYTES);

  public SessionSecret {
    if (!isWellFormed(value)) {
      throw new IllegalArgumentException(
          "session secret must be " + LENGTH + " base64url characters");
    }
  }

  public static SessionSecret random() {
    return new SessionSecret(RandomTokens.urlSafe(RANDOM_BYTES));
  }

  public static boolean isWellFormed(String value) {
    return value != null && value.length() == LENGTH && RandomTokens.isUrlSafeAlphabet(value);
  }

  public SecretHash hash() {
    return SecretHash.of(value);
  }

  @Override
  public String toString() {
    return "SessionSecret[<redacted>]";
  }
}
