package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.domain.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that encrypt tokens at rest, parsed from {@value #SETTING} ({@code
 * kid:base64key,kid2:base64key}). The first key encrypts; every key decrypts, so rotating means
 * putting a new key first and keeping the old ones until their rows have been rewritten.
 *
 * <p>Parse errors name the setting, the entry's position and the rule it broke; they never echo key
 * material. {@link #toString()} shows key ids only.
 */
public final class KeyRing {

  /** The environment variable the key ring is read from. */
  public static final String SETTING = "MCP_SESSION_ENCRYPTION_KEYS";

  /** AES-256: 32 bytes. */
  public static final int KEY_BYTES = 32;

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String HOW_TO_GENERATE = "generate a key with `openssl rand -base64 32`";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKey> keys;
  private final List<String> keyIds;
  private final String currentKeyId;

  private KeyRing(Map<String, SecretKey> keys) {
    this.keys = Map.copyOf(keys);
    this.currentKeyId = keys.keySet().iterator().next();
    this.keyIds = List.copyOf(keys.keySet());
  }

  /**
   * Parses {@value #SETTING}.
   *
   * @throws IllegalArgumentException naming the setting and the broken rule, never the key
   */
  public static KeyRing parse(String setting) {
    if (setting == null || setting.isBlank()) {
      throw invalid(
          "is empty: set it to one or more comma-separated kid:base64key entries ("
              + HOW_TO_GENERATE
              + ")");
    }
    String[] entries = setting.split(",", -1);
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    Map<String, Integer> positions = new LinkedHashMap<>();
    for (int i = 0; i < entries.length; i++) {
      int position = i + 1;
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        throw invalid("entry " + position + " is empty: remove the stray comma");
      }
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw invalid("entry " + position + " has no ':': each entry must be kid:base64key");
      }
      String keyId = entry.substring(0, colon).trim();
      String encoded = entry.substring(colon + 1).trim();
      if (!KEY_ID.matcher(keyId).matches()) {
        throw invalid(
            "entry "
                + position
                + " has an invalid key id: use 1 to 64 characters from A-Z a-z 0-9 . _ -");
      }
      byte[] material = decode(encoded, position, keyId);
      if (material.length != KEY_BYTES) {
        throw invalid(
            "entry "
                + position
                + " (key id '"
                + keyId
                + "') decodes to "
                + material.length
                + " bytes; AES-256 needs exactly "
                + KEY_BYTES
                + " ("
                + HOW_TO_GENERATE
                + ")");
      }
      Integer earlier = positions.putIfAbsent(keyId, position);
      if (earlier != null) {
        throw invalid(
            "entries "
                + earlier
                + " and "
                + position
                + " both use key id '"
                + keyId
                + "': key ids must be unique");
      }
      keys.put(keyId, new SecretKeySpec(material, "AES"));
    }
    return new KeyRing(keys);
  }

  /**
   * A fresh random 256-bit key, base64-encoded, for documentation and local setups. {@code openssl
   * rand -base64 32} produces the same format.
   */
  public static String generateKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** The id of the key that encrypts new data. */
  public String currentKeyId() {
    return currentKeyId;
  }

  /** All key ids, the current one first. */
  public List<String> keyIds() {
    return keyIds;
  }

  /**
   * A key for another purpose, derived from the current key (HMAC-SHA256 over {@code purpose}), so
   * that every replica holding this ring derives the same one and no further secret needs
   * configuring. It changes when the current key does.
   */
  public byte[] derive(String purpose) {
    return Sha256.hmac(currentKey().getEncoded(), purpose.getBytes(StandardCharsets.UTF_8));
  }

  SecretKey currentKey() {
    return keys.get(currentKeyId);
  }

  Optional<SecretKey> find(String keyId) {
    return Optional.ofNullable(keyId == null ? null : keys.get(keyId));
  }

  @Override
  public String toString() {
    return "KeyRing[current=" + currentKeyId + ", keyIds=" + keyIds + ", keys=<redacted>]";
  }

  private static byte[] decode(String encoded, int position, String keyId) {
    for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
      try {
        return decoder.decode(encoded);
      } catch (IllegalArgumentException notThisAlphabet) {
        // try the next alphabet; the JDK's message would quote an offending character
      }
    }
    throw invalid(
        "entry "
            + position
            + " (key id '"
            + keyId
            + "') is not valid base64 ("
            + HOW_TO_GENERATE
            + ")");
  }

  private static IllegalArgumentException invalid(String rule) {
    return new IllegalArgumentException(SETTING + " " + rule);
  }
}
