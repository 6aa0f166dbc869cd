package io.statelessmcp.adapter.out.workos.fake;

import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** PKCE (RFC 7636) S256 helpers for tests. */
public final class Pkce {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Pkce() {}

  /** A fresh 43-character code verifier. */
  public static String newVerifier() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * BASE64URL(SHA-256(ASCII(verifier))), unpadded. Computed apart from the server's {@code
   * LoginState.hash} (with the JOSE library's encoder), so the fake checks the server's challenge.
   */
  public static String challenge(String verifier) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return Base64URL.encode(sha256.digest(verifier.getBytes(StandardCharsets.US_ASCII)))
          .toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
