package io.statelessmcp.adapter.out.workos;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a {@link JwtTokenVerifier} accepts. Build it with {@link #supabase} or {@link #authKit},
 * then adjust with the {@code with...} methods. {@link #toString()} never shows the HS256 secret.
 *
 * @param jwksUri where the public keys are
 * @param issuers accepted {@code iss} values (compared without trailing slashes); empty: any
 * @param audiences accepted {@code aud} values, one must be in the token's {@code aud}; empty: any
 * @param algorithms accepted JWS algorithms among {@code ES256}, {@code RS256}, {@code HS256}
 * @param hs256Secret the shared secret for legacy HS256 tokens; required iff HS256 is accepted
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param jwksRefetchInterval at most one JWKS fetch per interval (also on an unknown {@code kid})
 * @param jwksCacheTtl after this, cached keys are refreshed on next use (kept if that fails)
 * @param connectTimeout connect timeout of the JWKS fetch
 * @param responseTimeout response timeout of the JWKS fetch
 */
public record JwtVerifierSettings(
    URI jwksUri,
    Set<String> issuers,
    Set<String> audiences,
    Set<String> algorithms,
    String hs256Secret,
    Duration clockSkew,
    Duration jwksRefetchInterval,
    Duration jwksCacheTtl,
    Duration connectTimeout,
    Duration responseTimeout) {

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REFETCH_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(10);
  public static final String SUPABASE_AUDIENCE = "authenticated";

  private static final Set<String> KNOWN_ALGORITHMS = Set.of("ES256", "RS256", "HS256");

  public JwtVerifierSettings {
    Objects.requireNonNull(jwksUri, "JWKS URI");
    if (!jwksUri.isAbsolute() || jwksUri.getHost() == null) {
      throw new IllegalArgumentException("JWKS URI must be an absolute URL, got " + jwksUri);
    }
    issuers = normalise(issuers);
    audiences = normalise(audiences);
    algorithms = Set.copyOf(Objects.requireNonNull(algorithms, "algorithms"));
    if (algorithms.isEmpty() || !KNOWN_ALGORITHMS.containsAll(algorithms)) {
      throw new IllegalArgumentException("algorithms must be among " + KNOWN_ALGORITHMS);
    }
    if (algorithms.contains("HS256")) {
      if (hs256Secret == null || hs256Secret.isBlank()) {
        throw new IllegalArgumentException(
            "HS256 is enabled (MCP_ALLOW_SUPABASE_HS256=true) but no JWT secret is configured");
      }
      if (hs256Secret.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new IllegalArgumentException("the HS256 JWT secret must be at least 32 bytes");
      }
    } else {
      hs256Secret = null;
    }
    Objects.requireNonNull(clockSkew, "clock skew");
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clock skew must not be negative");
    }
    Objects.requireNonNull(jwksRefetchInterval, "JWKS refetch interval");
    if (jwksRefetchInterval.isNegative()) {
      throw new IllegalArgumentException("JWKS refetch interval must not be negative");
    }
    WorkOsSettings.requirePositive(jwksCacheTtl, "JWKS cache TTL");
    WorkOsSettings.requirePositive(connectTimeout, "connect timeout");
    WorkOsSettings.requirePositive(responseTimeout, "response timeout");
  }

  /**
   * Supabase access tokens: JWKS at {@code {supabaseUrl}/auth/v1/.well-known/jwks.json} (ES256,
   * RS256), {@code iss = {supabaseUrl}/auth/v1}, {@code aud = authenticated}. Legacy HS256 with the
   * project's JWT secret only when {@code allowHs256} (MCP_ALLOW_SUPABASE_HS256=true); otherwise
   * the secret is ignored and HS256 tokens are rejected.
   */
  public static JwtVerifierSettings supabase(
      URI supabaseUrl, boolean allowHs256, String hs256Secret) {
    String base = withoutTrailingSlash(Objects.requireNonNull(supabaseUrl, "Supabase URL"));
    Set<String> algorithms =
        allowHs256 ? Set.of("ES256", "RS256", "HS256") : Set.of("ES256", "RS256");
    return new JwtVerifierSettings(
        URI.create(base + "/auth/v1/.well-known/jwks.json"),
        Set.of(base + "/auth/v1"),
        Set.of(SUPABASE_AUDIENCE),
        algorithms,
        allowHs256 ? hs256Secret : null,
        DEFAULT_CLOCK_SKEW,
        DEFAULT_REFETCH_INTERVAL,
        DEFAULT_CACHE_TTL,
        WorkOsSettings.DEFAULT_CONNECT_TIMEOUT,
        WorkOsSettings.DEFAULT_RESPONSE_TIMEOUT);
  }

  /**
   * AuthKit access tokens in resource-server mode (as FastMCP's AuthKitProvider): JWKS at {@code
   * {authKitDomain}/oauth2/jwks}, RS256, {@code iss} = the AuthKit domain (with or without a
   * trailing slash), {@code aud} must contain {@code resourceUrl} (this server's MCP resource URL).
   */
  public static JwtVerifierSettings authKit(URI authKitDomain, String resourceUrl) {
    String domain = withoutTrailingSlash(Objects.requireNonNull(authKitDomain, "AuthKit domain"));
    if (resourceUrl == null || resourceUrl.isBlank()) {
      throw new IllegalArgumentException("the resource URL (MCP_RESOURCE_URL) must be set");
    }
    return new JwtVerifierSettings(
        URI.create(domain + "/oauth2/jwks"),
        Set.of(domain),
        Set.of(resourceUrl),
        Set.of("RS256"),
        null,
        DEFAULT_CLOCK_SKEW,
        DEFAULT_REFETCH_INTERVAL,
        DEFAULT_CACHE_TTL,
        WorkOsSettings.DEFAULT_CONNECT_TIMEOUT,
        WorkOsSettings.DEFAULT_RESPONSE_TIMEOUT);
  }

  public JwtVerifierSettings withIssuers(Set<String> newIssuers) {
    return copy(next -> next.issuers = newIssuers);
  }

  public JwtVerifierSettings withAudiences(Set<String> newAudiences) {
    return copy(next -> next.audiences = newAudiences);
  }

  public JwtVerifierSettings withClockSkew(Duration newClockSkew) {
    return copy(next -> next.clockSkew = newClockSkew);
  }

  public JwtVerifierSettings withJwksRefetchInterval(Duration interval) {
    return copy(next -> next.jwksRefetchInterval = interval);
  }

  public JwtVerifierSettings withJwksCacheTtl(Duration ttl) {
    return copy(next -> next.jwksCacheTtl = ttl);
  }

  public JwtVerifierSettings withTimeouts(Duration connect, Duration response) {
    return copy(
        next -> {
          next.connectTimeout = connect;
          next.responseTimeout = response;
        });
  }

  /** The canonical constructor validates and normalises the changed copy as it did the original. */
  private JwtVerifierSettings copy(Consumer<Changes> change) {
    Changes changes = new Changes(this);
    change.accept(changes);
    return new JwtVerifierSettings(
        jwksUri,
        changes.issuers,
        changes.audiences,
        algorithms,
        hs256Secret,
        changes.clockSkew,
        changes.jwksRefetchInterval,
        changes.jwksCacheTtl,
        changes.connectTimeout,
        changes.responseTimeout);
  }

  /** What the {@code with...} methods may change; the key material and endpoint stay. */
  private static final class Changes {
    private Set<String> issuers;
    private Set<String> audiences;
    private Duration clockSkew;
    private Duration jwksRefetchInterval;
    private Duration jwksCacheTtl;
    private Duration connectTimeout;
    private Duration responseTimeout;

    private Changes(JwtVerifierSettings from) {
      this.issuers = from.issuers;
      this.audiences = from.audiences;
      this.clockSkew = from.clockSkew;
      this.jwksRefetchInterval = from.jwksRefetchInterval;
      this.jwksCacheTtl = from.jwksCacheTtl;
      this.connectTimeout = from.connectTimeout;
      this.responseTimeout = from.responseTimeout;
    }
  }

  @Override
  public String toString() {
    return "JwtVerifierSettings[jwksUri="
        + jwksUri
        + ", issuers="
        + issuers
        + ", audiences="
        + audiences
        + ", algorithms="
        + algorithms
        + ", hs256Secret="
        + (hs256Secret == null ? "none" : "<redacted>")
        + ", clockSkew="
        + clockSkew
        + ", jwksRefetchInterval="
        + jwksRefetchInterval
        + ", jwksCacheTtl="
        + jwksCacheTtl
        + "]";
  }

  private static Set<String> normalise(Set<String> values) {
    Set<String> result = new LinkedHashSet<>();
    for (String value : Objects.requireNonNullElse(values, Set.<String>of())) {
      if (value != null && !value.isBlank()) {
        result.add(withoutTrailingSlash(value.strip()));
      }
    }
    return Set.copyOf(result);
  }

  static String withoutTrailingSlash(URI uri) {
    return withoutTrailingSlash(uri.toString());
  }

  static String withoutTrailingSlash(String value) {
    String result = value;
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
