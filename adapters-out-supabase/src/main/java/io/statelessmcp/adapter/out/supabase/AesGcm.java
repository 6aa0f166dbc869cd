package io.statelessmcp.adapter.out.supabase;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with the JDK's provider. Each encryption draws a fresh 96-bit nonce; the stored value
 * is {@code nonce || ciphertext || tag}. The associated data binds a ciphertext to the row it was
 * written for, so a ciphertext copied to another row (or another table) does not decrypt.
 */
final class AesGcm {

  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  static final int OVERHEAD = NONCE_BYTES + TAG_BITS / 8;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyRing keys;

  AesGcm(KeyRing keys) {
    this.keys = keys;
  }

  /** Associated data for a row: its table and primary key. */
  static byte[] associatedData(String table, String id) {
    return (table + ':' + id).getBytes(StandardCharsets.UTF_8);
  }

  /** Encrypts under the current key. */
  Sealed seal(byte[] plaintext, byte[] associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, keys.currentKey(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData);
      byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plaintext.length));
      int written = cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
      return new Sealed(keys.currentKeyId(), Arrays.copyOf(sealed, NONCE_BYTES + written));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts and authenticates.
   *
   * @throws Unreadable when the key id is not in the ring or the data fails authentication
   */
  byte[] open(String keyId, byte[] sealed, byte[] associatedData) throws Unreadable {
    SecretKey key =
        keys.find(keyId)
            .orElseThrow(
                () ->
                    new Unreadable(
                        "encrypted under a key id that is not configured in " + KeyRing.SETTING));
    if (sealed == null || sealed.length <= OVERHEAD) {
      throw new Unreadable("ciphertext is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new Unreadable(
          "ciphertext failed authentication (tampered, or copied from another row)");
    } catch (GeneralSecurityException e) {
      throw new Unreadable("ciphertext could not be decrypted");
    }
  }

  /** A ciphertext and the id of the key that produced it. */
  record Sealed(String keyId, byte[] bytes) {
    @Override
    public String toString() {
      return "Sealed[keyId=" + keyId + ", bytes=" + bytes.length + " bytes]";
    }
  }

  /** Stored data that cannot be read back. The reason names no secret. */
  static final class Unreadable extends Exception {
    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }
}
