package io.statelessmcp.adapter.out.workos;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.statelessmcp.application.failure.TokenRejected;
import io.statelessmcp.application.port.out.TokenVerifier;
import io.statelessmcp.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;

/**
 * Verifies signed bearer tokens against a JWKS: Supabase access tokens ({@link
 * JwtVerifierSettings#supabase}) or AuthKit access tokens in resource-server mode ({@link
 * JwtVerifierSettings#authKit}).
 *
 * <p>The signature is checked first, then {@code exp}/{@code nbf} (with the configured skew),
 * {@code iss}, {@code aud} and {@code sub}. A rejection signals {@link TokenRejected} with the
 * failed check; the token itself never appears in a message or a log. When no keys can be obtained,
 * it signals {@link io.statelessmcp.application.failure.ProviderUnavailable}.
 */
public final class JwtTokenVerifier implements TokenVerifier, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JwtTokenVerifier.class);
  private static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private final JwtVerifierSettings settings;
  private final Clock clock;
  private final ConnectionProvider pool;
  private final JwksCache jwks;
  private final MACVerifier hs256;

  public JwtTokenVerifier(JwtVerifierSettings settings) {
    this(settings, Clock.systemUTC());
  }

  public JwtTokenVerifier(JwtVerifierSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pool = HttpClients.pool("jwks");
    this.jwks =
        new JwksCache(
            HttpClients.webClient(pool, settings.connectTimeout(), settings.responseTimeout()),
            settings,
            clock);
    this.hs256 = settings.hs256Secret() == null ? null : macVerifier(settings.hs256Secret());
  }

  private static MACVerifier macVerifier(String secret) {
    try {
      return new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable HS256 secret", e);
    }
  }

  /** How many JWKS fetches this verifier has started (for metrics and tests). */
  public long jwksFetches() {
    return jwks.fetches();
  }

  @Override
  public Mono<VerifiedToken> verify(String token) {
    return Mono.defer(
        () -> {
          SignedJWT jwt = parse(token);
          JWSHeader header = jwt.getHeader();
          JWSAlgorithm alg = header.getAlgorithm();
          if (!settings.algorithms().contains(alg.getName())) {
            return reject("unsupported algorithm " + alg.getName());
          }
          if (JWSAlgorithm.HS256.equals(alg)) {
            return verifySignature(jwt, List.of(hs256))
                ? Mono.fromCallable(() -> checkClaims(jwt))
                : reject("bad signature");
          }
          String kid = header.getKeyID();
          return jwks.keys(matching(alg, kid))
              .map(
                  keys -> {
                    if (keys.isEmpty()) {
                      throw rejection("unknown key");
                    }
                    if (!verifySignature(jwt, verifiers(keys))) {
                      throw rejection("bad signature");
                    }
                    return checkClaims(jwt);
                  });
        });
  }

  /** Releases the connection pool of the JWKS client. */
  @Override
  public void close() {
    pool.dispose();
  }

  @Override
  public String toString() {
    return "JwtTokenVerifier[" + settings + "]";
  }

  private static SignedJWT parse(String token) {
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
      throw rejection("malformed token");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token.strip());
    } catch (ParseException e) {
      throw rejection("malformed token");
    }
    if (jwt instanceof SignedJWT signed) {
      try {
        signed.getJWTClaimsSet(); // a payload that is not a JSON object is malformed, not forged
      } catch (ParseException e) {
        throw rejection("malformed token");
      }
      return signed;
    }
    if (jwt.getHeader() != null && jwt.getHeader().getAlgorithm() != null) {
      throw rejection("unsupported algorithm " + jwt.getHeader().getAlgorithm().getName());
    }
    throw rejection("malformed token");
  }

  private static Predicate<JWK> matching(JWSAlgorithm alg, String kid) {
    return key -> {
      if (kid != null && !kid.equals(key.getKeyID())) {
        return false;
      }
      if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
        return false;
      }
      if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
        return false;
      }
      if (JWSAlgorithm.ES256.equals(alg)) {
        return key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
      }
      return JWSAlgorithm.RS256.equals(alg) && key instanceof RSAKey;
    };
  }

  private static List<JWSVerifier> verifiers(List<JWK> keys) {
    return keys.stream()
        .map(
            key -> {
              try {
                return key instanceof ECKey ec
                    ? (JWSVerifier) new ECDSAVerifier(ec)
                    : new RSASSAVerifier((RSAKey) key);
              } catch (JOSEException e) {
                log.debug("skipping unusable signing key {}", key.getKeyID());
                return null;
              }
            })
        .filter(Objects::nonNull)
        .toList();
  }

  private static boolean verifySignature(SignedJWT jwt, List<? extends JWSVerifier> verifiers) {
    for (JWSVerifier verifier : verifiers) {
      try {
        if (jwt.verify(verifier)) {
          return true;
        }
      } catch (JOSEException | IllegalStateException e) {
        // a key that cannot check this signature: try the next one
      }
    }
    return false;
  }

  private VerifiedToken checkClaims(SignedJWT jwt) {
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw rejection("malformed token");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw rejection("token has no expiry");
    }
    if (!now.isBefore(exp.toInstant().plus(settings.clockSkew()))) {
      throw rejection("token expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(settings.clockSkew()).isBefore(nbf.toInstant())) {
      throw rejection("token not yet valid");
    }
    if (!settings.issuers().isEmpty()
        && (claims.getIssuer() == null
            || !settings
                .issuers()
                .contains(JwtVerifierSettings.withoutTrailingSlash(claims.getIssuer())))) {
      throw rejection("wrong issuer");
    }
    if (!settings.audiences().isEmpty()
        && (claims.getAudience() == null
            || claims.getAudience().stream()
                .filter(Objects::nonNull)
                .map(JwtVerifierSettings::withoutTrailingSlash)
                .noneMatch(settings.audiences()::contains))) {
      throw rejection("wrong audience");
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw rejection("token has no subject");
    }
    UserId userId;
    try {
      userId = new UserId(subject);
    } catch (IllegalArgumentException e) {
      throw rejection("malformed token");
    }
    String email;
    try {
      email = claims.getStringClaim("email");
    } catch (ParseException e) {
      email = null;
    }
    return new VerifiedToken(
        userId, email == null || email.isBlank() ? null : email, exp.toInstant());
  }

  private static <T> Mono<T> reject(String reason) {
    return Mono.error(rejection(reason));
  }

  private static TokenRejected rejection(String reason) {
    log.debug("token rejected: {}", reason);
    return new TokenRejected(reason);
  }
}
