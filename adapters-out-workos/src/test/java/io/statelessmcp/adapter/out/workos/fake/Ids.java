package io.statelessmcp.adapter.out.workos.fake;

import java.security.SecureRandom;

/** WorkOS-looking random ids. */
final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final char[] ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private Ids() {}

  /** 26 Crockford base32 characters, like a ULID. */
  static String ulid() {
    return random(CROCKFORD, 26);
  }

  /** An opaque refresh-token-like string. */
  static String opaque(int length) {
    return random(ALNUM, length);
  }

  private static String random(char[] alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet[RANDOM.nextInt(alphabet.length)]);
    }
    return sb.toString();
  }
}
