package io.statelessmcp.adapter.out.workos;

import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.port.out.DevelopmentCodes;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.Sha256;
import io.statelessmcp.domain.UserProfile;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The development identity provider: signs in whoever the developer picks or types on this server's
 * own sign-in page, for laptops without a WorkOS account. Never for production; bootstrap turns it
 * on only with the embedded development database.
 *
 * <p>Stateless, so that replicas sharing one database and key agree without a table: codes and
 * tokens are self-contained and carry an HMAC-SHA256 under a key derived from the encryption key. A
 * code lives {@link #CODE_LIFETIME} and is bound to the login's PKCE challenge (it is not single
 * use: only the holder of the verifier can redeem it, and the callback's login state is). Access
 * tokens live {@link #ACCESS_TOKEN_LIFETIME}, short on purpose so that the refresh path runs; a
 * refresh token never expires by itself (the session's deadlines bound it) and each refresh returns
 * a new one.
 *
 * <p>Shape: {@code dev<kind>_<field>.<field>...<mac>}, every part base64url; the MAC covers the
 * kind and the fields, so no token passes for another kind.
 */
public final class DevelopmentIdentityProvider implements IdentityProvider, DevelopmentCodes {

  public static final Duration CODE_LIFETIME = Duration.ofMinutes(2);
  public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

  /** Where the development sign-in page is served, on this server. */
  public static final String SIGN_IN_PATH = "/auth/dev/sign-in";

  static final String USER_ID_PREFIX = "dev_";
  static final String INVALID_CODE =
      "the development sign-in code is invalid or has expired; start again at /auth/login";
  static final String INVALID_REFRESH_TOKEN =
      "the development refresh token is not valid here (another key?); log in again at"
          + " /auth/login";

  private static final int MIN_KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

  private enum Kind {
    CODE("devcode_"),
    ACCESS("devat_"),
    REFRESH("devrt_");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }
  }

  private final byte[] key;
  private final URI signInPage;
  private final Clock clock;

  /**
   * @param key at least 32 bytes, the same on every replica
   * @param signInPage the development sign-in page on this server, as browsers reach it
   */
  public DevelopmentIdentityProvider(byte[] key, URI signInPage, Clock clock) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("the key must have at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = key.clone();
    this.signInPage = Objects.requireNonNull(signInPage, "signInPage");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The page {@link #authorizationUrl} sends browsers to. */
  public URI signInPage() {
    return signInPage;
  }

  /** Stable per email, case-insensitively, across restarts and keys: no state to lose. */
  public static String userIdOf(String email) {
    byte[] digest =
        Sha256.digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    return USER_ID_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
  }

  @Override
  public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
    return URI.create(
        signInPage
            + "?state="
            + encode(state)
            + "&code_challenge="
            + encode(codeChallenge)
            + "&redirect_uri="
            + encode(redirectUri.toString()));
  }

  @Override
  public String issue(UserProfile profile, String codeChallenge) {
    Objects.requireNonNull(profile.email(), "email");
    Instant expires = clock.instant().plus(CODE_LIFETIME);
    return seal(
        Kind.CODE,
        codeChallenge,
        profile.email(),
        profile.displayName() == null ? "" : profile.displayName(),
        Long.toString(expires.getEpochSecond()),
        nonce());
  }

  @Override
  public Mono<Authenticated> exchangeCode(String code, String codeVerifier, ClientMetadata client) {
    return Mono.fromCallable(
        () -> {
          List<String> fields = open(Kind.CODE, code).orElseThrow(() -> rejected(INVALID_CODE));
          String challenge = fields.get(0);
          String email = fields.get(1);
          String name = fields.get(2);
          Instant expires = Instant.ofEpochSecond(Long.parseLong(fields.get(3)));
          Instant now = clock.instant();
          if (!now.isBefore(expires)) {
            throw rejected(INVALID_CODE);
          }
          if (codeVerifier == null || !sameText(LoginState.hash(codeVerifier), challenge)) {
            throw rejected(INVALID_CODE);
          }
          String userId = userIdOf(email);
          return new Authenticated(
              userId,
              new UserProfile(email, name.isEmpty() ? null : name, null),
              tokens(userId, now));
        });
  }

  @Override
  public Mono<OAuthTokens> refresh(String refreshToken) {
    return Mono.fromCallable(
        () -> {
          List<String> fields =
              open(Kind.REFRESH, refreshToken).orElseThrow(() -> rejected(INVALID_REFRESH_TOKEN));
          return tokens(fields.get(0), clock.instant());
        });
  }

  private OAuthTokens tokens(String userId, Instant now) {
    Instant accessExpires = now.plus(ACCESS_TOKEN_LIFETIME);
    return new OAuthTokens(
        seal(Kind.ACCESS, userId, Long.toString(accessExpires.getEpochSecond()), nonce()),
        seal(Kind.REFRESH, userId, nonce()),
        accessExpires);
  }

  private String seal(Kind kind, String... fields) {
    StringBuilder token = new StringBuilder(kind.prefix);
    for (String field : fields) {
      token.append(B64.encodeToString(field.getBytes(StandardCharsets.UTF_8))).append('.');
    }
    String signed = token.toString();
    return signed + B64.encodeToString(mac(signed));
  }

  /** The fields of a token of this kind whose MAC checks out; empty for anything else. */
  private Optional<List<String>> open(Kind kind, String token) {
    if (token == null || !token.startsWith(kind.prefix)) {
      return Optional.empty();
    }
    int lastDot = token.lastIndexOf('.');
    if (lastDot < 0) {
      return Optional.empty();
    }
    String signed = token.substring(0, lastDot + 1);
    byte[] presented;
    try {
      presented = B64_DECODER.decode(token.substring(lastDot + 1));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(mac(signed), presented)) {
      return Optional.empty();
    }
    List<String> fields = new ArrayList<>();
    for (String part : Arrays.asList(signed.substring(kind.prefix.length()).split("\\.", -1))) {
      fields.add(new String(B64_DECODER.decode(part), StandardCharsets.UTF_8));
    }
    fields.remove(fields.size() - 1); // after the last field's dot
    return Optional.of(fields);
  }

  private byte[] mac(String signed) {
    return Sha256.hmac(key, signed.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean sameText(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String nonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return B64.encodeToString(bytes);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static LoginRejected rejected(String why) {
    return new LoginRejected(LoginRejected.Reason.INVALID_GRANT, why);
  }

  @Override
  public String toString() {
    return "DevelopmentIdentityProvider[signInPage=" + signInPage + ", key=<redacted>]";
  }
}
