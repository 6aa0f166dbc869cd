package io.statelessmcp.domain;

import java.security.SecureRandom;
import java.util.Base64;

/** Random URL-safe tokens and the strict alphabet check that parsing relies on. */
final class RandomTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private RandomTokens() {}

  static String urlSafe(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return ENCODER.encodeToString(buffer);
  }

  /** Length of the unpadded base64url encoding of {@code bytes} bytes. */
  static int encodedLength(int bytes) {
    return (bytes * 8 + 5) / 6;
  }

  static boolean isUrlSafeAlphabet(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
