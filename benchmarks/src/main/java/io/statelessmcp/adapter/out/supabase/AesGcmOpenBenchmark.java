package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.benchmarks.jmh.Microbenchmark;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.UserProfile;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The store's per-read decryption, with the production classes themselves: this benchmark lives in
 * the adapter's package (on the class path, not a module), so it calls the package-private {@code
 * AesGcm.open} and {@code SessionSecrets.fromJson} exactly as {@code R2dbcSessionStore.decode}
 * does, on a payload of the size a WorkOS session has (an RS256 access-token JWT, a refresh token,
 * a profile).
 */
public class AesGcmOpenBenchmark extends Microbenchmark {

  /** Length of the access token: an RS256 JWT as WorkOS issues is about 850 characters. */
  @Param({"850"})
  public int accessTokenLength;

  private AesGcm cipher;
  private String keyId;
  private byte[] sealed;
  private byte[] plaintext;
  private byte[] associatedData;

  @Setup
  public void setUp() throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] key = new byte[KeyRing.KEY_BYTES];
    random.nextBytes(key);
    KeyRing keys = KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(key));
    cipher = new AesGcm(keys);
    keyId = keys.currentKeyId();
    byte[] token = new byte[accessTokenLength * 3 / 4];
    random.nextBytes(token);
    String accessToken =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(token)
            .substring(0, accessTokenLength);
    SessionSecrets secrets =
        new SessionSecrets(
            new OAuthTokens(
                accessToken, "Vx1m2FqkT9Ww3nRhY0pLzc8aB", Instant.parse("2026-01-01T00:05:00Z")),
            new UserProfile("ada.lovelace@example.com", "Ada", "Lovelace"));
    plaintext = secrets.toJson();
    associatedData = AesGcm.associatedData("mcp_sessions", "AbCdEfGhIjKlMnOpQrStUv");
    AesGcm.Sealed s = cipher.seal(plaintext, associatedData);
    sealed = s.bytes();
    // fail fast if the round trip does not work
    SessionSecrets.fromJson(cipher.open(keyId, sealed, associatedData));
  }

  /** AES-256-GCM decrypt + tag check of the stored token column (what every lookup pays). */
  @Benchmark
  public byte[] open() throws AesGcm.Unreadable {
    return cipher.open(keyId, sealed, associatedData);
  }

  /** Decrypt, then parse the JSON document into tokens and profile: the whole decode. */
  @Benchmark
  public SessionSecrets openAndDecode() throws AesGcm.Unreadable {
    return SessionSecrets.fromJson(cipher.open(keyId, sealed, associatedData));
  }

  /** Encryption with a fresh nonce: paid only on writes (touch, refresh, login). */
  @Benchmark
  public AesGcm.Sealed seal() {
    return cipher.seal(plaintext, associatedData);
  }

  /** The size of what is encrypted and stored, for the record. */
  public int sealedBytes() {
    return sealed.length;
  }
}
