package io.statelessmcp.adapter.out.workos.fake;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a signed JWT. The fakes hand out builders preset with valid claims and their own key; a
 * test changes what it wants to forge (issuer, audience, expiry, key, algorithm) and calls {@link
 * #mint()}.
 */
public final class FakeJwt {

  private final Clock clock;
  private final Map<String, Object> claims = new LinkedHashMap<>();
  private JWK key;
  private String keyId;
  private byte[] hmacSecret;

  FakeJwt(Clock clock, JWK key) {
    this.clock = clock;
    this.key = key;
    this.keyId = key.getKeyID();
    Instant now = clock.instant();
    claims.put("iat", now.getEpochSecond());
    claims.put("jti", Ids.ulid());
  }

  public FakeJwt subject(String subject) {
    return claim("sub", subject);
  }

  public FakeJwt issuer(String issuer) {
    return claim("iss", issuer);
  }

  /** One audience is written as a string, several as an array. */
  public FakeJwt audience(String... audiences) {
    return claim("aud", audiences.length == 1 ? audiences[0] : Arrays.asList(audiences));
  }

  public FakeJwt noAudience() {
    return claim("aud", null);
  }

  public FakeJwt email(String email) {
    return claim("email", email);
  }

  public FakeJwt expiresAt(Instant exp) {
    return claim("exp", exp == null ? null : exp.getEpochSecond());
  }

  /** Expires this long after the builder's clock's now (negative: already expired). */
  public FakeJwt expiresIn(Duration lifetime) {
    return expiresAt(clock.instant().plus(lifetime));
  }

  public FakeJwt noExpiry() {
    return claim("exp", null);
  }

  public FakeJwt notBefore(Instant nbf) {
    return claim("nbf", nbf == null ? null : nbf.getEpochSecond());
  }

  /** Sets any claim; null removes it. */
  public FakeJwt claim(String name, Object value) {
    if (value == null) {
      claims.remove(name);
    } else {
      claims.put(name, value);
    }
    return this;
  }

  /** Signs with this private key (RSA: RS256, EC P-256: ES256) and puts its kid in the header. */
  public FakeJwt signedWith(JWK privateKey) {
    this.key = Objects.requireNonNull(privateKey);
    this.keyId = privateKey.getKeyID();
    this.hmacSecret = null;
    return this;
  }

  /**
   * Signs with a key no fake publishes but keeps the kid of the genuine key, so a verifier finds
   * the published key and the signature check fails ("bad signature").
   */
  public FakeJwt signedWithForeignKey() {
    String genuineKid = keyId;
    signedWith(key instanceof ECKey ? TestKeys.foreignEcKey() : TestKeys.foreignRsaKey());
    this.keyId = genuineKid;
    return this;
  }

  /** Puts this kid in the header (null: no kid), e.g. one the JWKS does not list. */
  public FakeJwt keyId(String kid) {
    this.keyId = kid;
    return this;
  }

  /** Legacy Supabase style: HS256 with a shared secret (at least 32 bytes), no kid. */
  public FakeJwt hs256(String secret) {
    this.hmacSecret = secret.getBytes(StandardCharsets.UTF_8);
    this.keyId = null;
    return this;
  }

  public String mint() {
    try {
      JWSAlgorithm alg;
      JWSSigner signer;
      if (hmacSecret != null) {
        alg = JWSAlgorithm.HS256;
        signer = new MACSigner(hmacSecret);
      } else if (key instanceof ECKey ec) {
        alg = JWSAlgorithm.ES256;
        signer = new ECDSASigner(ec);
      } else {
        alg = JWSAlgorithm.RS256;
        signer = new RSASSASigner((RSAKey) key);
      }
      JWTClaimsSet.Builder body = new JWTClaimsSet.Builder();
      claims.forEach(
          (name, value) -> {
            switch (name) {
              case "exp" -> body.expirationTime(new Date((Long) value * 1000));
              case "iat" -> body.issueTime(new Date((Long) value * 1000));
              case "nbf" -> body.notBeforeTime(new Date((Long) value * 1000));
              case "aud" ->
                  body.audience(
                      value instanceof List<?> l ? asStrings(l) : List.of((String) value));
              default -> body.claim(name, value);
            }
          });
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(alg).keyID(keyId).type(JOSEObjectType.JWT).build(),
              body.build());
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign test token", e);
    }
  }

  private static List<String> asStrings(List<?> values) {
    return values.stream().map(String::valueOf).toList();
  }
}
