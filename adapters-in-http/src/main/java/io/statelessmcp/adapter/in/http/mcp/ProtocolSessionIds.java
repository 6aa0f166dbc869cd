package io.statelessmcp.adapter.in.http.mcp;

import io.statelessmcp.domain.Sha256;
import io.statelessmcp.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The {@code Mcp-Session-Id}s this server issues on {@code initialize}: 128 random bits and an
 * HMAC-SHA256 over them and the user, {@code <random>.<mac>} in base64url. Any replica holding the
 * key checks one without a read, and an id is good only for the user it was issued to. Nothing is
 * stored until the protocol session has something to keep (a log level).
 */
public final class ProtocolSessionIds {

  /** The header of the Streamable HTTP transport. */
  public static final String HEADER = "Mcp-Session-Id";

  static final int MIN_KEY_BYTES = 32;
  private static final int RANDOM_BYTES = 16;
  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  /**
   * @param key at least 32 bytes, the same on every replica (derived from the encryption key)
   */
  public ProtocolSessionIds(byte[] key) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the protocol session key needs at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = key.clone();
  }

  /** A random key: for a single process (memory mode, tests). */
  public static ProtocolSessionIds withRandomKey() {
    byte[] key = new byte[MIN_KEY_BYTES];
    RANDOM.nextBytes(key);
    return new ProtocolSessionIds(key);
  }

  String issue(UserId user) {
    byte[] random = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(random);
    String nonce = ENCODER.encodeToString(random);
    return nonce + "." + ENCODER.encodeToString(mac(nonce, user));
  }

  /** Whether this server issued {@code id} to {@code user}; false for anything malformed. */
  boolean isValid(String id, UserId user) {
    if (id == null || id.length() > 128) {
      return false;
    }
    int dot = id.indexOf('.');
    if (dot < 1 || dot != id.lastIndexOf('.')) {
      return false;
    }
    byte[] presented;
    try {
      presented = Base64.getUrlDecoder().decode(id.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(presented, mac(id.substring(0, dot), user));
  }

  private byte[] mac(String nonce, UserId user) {
    byte[] mac =
        Sha256.hmac(
            key,
            nonce.getBytes(StandardCharsets.US_ASCII),
            new byte[] {0},
            user.value().getBytes(StandardCharsets.UTF_8));
    return Arrays.copyOf(mac, MAC_BYTES);
  }

  @Override
  public String toString() {
    return "ProtocolSessionIds[key=<redacted>]";
  }
}
