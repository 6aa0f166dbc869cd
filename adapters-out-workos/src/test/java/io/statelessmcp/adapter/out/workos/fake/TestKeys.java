package io.statelessmcp.adapter.out.workos.fake;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.UUID;

/** Signing keys for the fakes. The foreign keys belong to no fake: they make bad signatures. */
public final class TestKeys {

  private TestKeys() {}

  /** A fresh RS256 key with a WorkOS-style kid ({@code key_...}). */
  public static RSAKey newRsaKey() {
    return newRsaKey("key_" + Ids.ulid());
  }

  public static RSAKey newRsaKey(String kid) {
    try {
      return new RSAKeyGenerator(2048)
          .keyID(kid)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh ES256 (P-256) key with a Supabase-style kid (a UUID). */
  public static ECKey newEcKey() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(UUID.randomUUID().toString())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Foreign {
    static final RSAKey RSA = newRsaKey("key_FOREIGN");
    static final ECKey EC = newEcKey();
  }

  /** An RSA key no fake publishes. */
  public static RSAKey foreignRsaKey() {
    return Foreign.RSA;
  }

  /** An EC key no fake publishes. */
  public static ECKey foreignEcKey() {
    return Foreign.EC;
  }
}
