package io.statelessmcp.adapter.out.workos.fake;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * A fake Supabase Auth on loopback: {@code GET /auth/v1/.well-known/jwks.json} publishes an ES256
 * key (and an RS256 one, as during a key-type migration), and the fake mints Supabase-style access
 * tokens: {@code iss = {url}/auth/v1}, {@code aud = authenticated}, {@code sub} = a user UUID,
 * {@code role = authenticated}, {@code email}, {@code session_id}, {@code aal}, {@code exp}.
 *
 * <p>Forgeries start from {@link #accessToken()} and change one thing: {@code
 * .signedWithForeignKey()}, {@code .expiresIn(Duration.ofMinutes(-5))}, {@code .audience("anon")},
 * {@code .hs256(secret)}, {@code .keyId("unknown")}.
 */
public final class FakeSupabaseAuth extends LoopbackServer {

  private final Clock clock;
  private volatile ECKey ecKey = TestKeys.newEcKey();
  private final RSAKey rsaKey = TestKeys.newRsaKey(UUID.randomUUID().toString());
  private final List<JWK> keys = new CopyOnWriteArrayList<>(List.of(ecKey, rsaKey));
  private volatile UUID userId = UUID.randomUUID();
  private volatile String email = "linked.user@example.com";

  private FakeSupabaseAuth(Clock clock) {
    super("fake-supabase");
    this.clock = clock;
  }

  public static FakeSupabaseAuth start() {
    return start(Clock.systemUTC());
  }

  /** The clock decides {@code iat}/{@code exp} of minted tokens. */
  public static FakeSupabaseAuth start(Clock clock) {
    FakeSupabaseAuth fake = new FakeSupabaseAuth(Objects.requireNonNull(clock));
    fake.bind();
    return fake;
  }

  /** The value for SUPABASE_URL. */
  public java.net.URI url() {
    return baseUrl();
  }

  public String issuer() {
    return baseUrl() + "/auth/v1";
  }

  /** The Supabase user ({@code auth.uid()}) the next tokens are for. */
  public UUID userId() {
    return userId;
  }

  public String email() {
    return email;
  }

  public void setUser(UUID newUserId, String newEmail) {
    this.userId = Objects.requireNonNull(newUserId);
    this.email = newEmail;
  }

  /** A valid ES256 access token for the current user, valid for an hour. */
  public FakeJwt accessToken() {
    return token(ecKey);
  }

  /** A valid RS256 access token for the current user, valid for an hour. */
  public FakeJwt rsaAccessToken() {
    return token(rsaKey);
  }

  /** Publishes a new ES256 key (the old one stays published) and signs with it from now on. */
  public ECKey rotateKey() {
    ECKey key = TestKeys.newEcKey();
    keys.add(key);
    ecKey = key;
    return key;
  }

  private FakeJwt token(JWK key) {
    return new FakeJwt(clock, key)
        .issuer(issuer())
        .audience("authenticated")
        .subject(userId.toString())
        .email(email)
        .claim("role", "authenticated")
        .claim("aal", "aal1")
        .claim("session_id", UUID.randomUUID().toString())
        .claim("is_anonymous", false)
        .claim("phone", "")
        .expiresIn(Duration.ofHours(1));
  }

  @Override
  void routes(HttpServerRoutes routes) {
    routes.get("/auth/v1/.well-known/jwks.json", (request, response) -> serveJwks(response));
  }

  @Override
  List<JWK> publishedKeys() {
    return List.copyOf(keys);
  }
}
