package io.statelessmcp.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.statelessmcp.application.failure.GrantRefused;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.port.in.IssueTokens;
import io.statelessmcp.application.port.in.RevokeToken;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token endpoint (RFC 6749 section 3.2) and token revocation (RFC 7009), for public clients.
 * Each request is a form of at most {@value #MAX_BODY_BYTES} bytes, read strictly ({@link Forms}):
 * a known parameter sent twice is {@code invalid_request}. Everything this side refuses is a {@link
 * GrantRefused}, so it is answered exactly as the use case's refusals are, and never reaches it.
 *
 * <p>The form is read by hand rather than by Nimbus's {@code TokenRequest}: what is left after the
 * form decoding (which grant, which client) is two lookups, and Nimbus would judge the grant's
 * parameters, which is the use case's business, in error messages that quote the input.
 *
 * <p>The client names itself by {@code client_id} or as the user name of HTTP Basic (RFC 6749
 * section 2.3.1); a secret, if sent, is ignored, since every client is public.
 */
public final class TokenRoutes implements InboundRoutes {

  static final String TOKEN = OAuthRoutes.TOKEN;
  static final String REVOKE = OAuthRoutes.REVOKE;
  static final int MAX_BODY_BYTES = 16 * 1024;

  static final String GRANT_TYPE = "grant_type";
  static final String AUTHORIZATION_CODE = "authorization_code";
  static final String REFRESH_TOKEN = "refresh_token";
  private static final List<String> TOKEN_PARAMETERS =
      List.of(
          GRANT_TYPE,
          "client_id",
          "client_secret",
          "code",
          "redirect_uri",
          "code_verifier",
          REFRESH_TOKEN,
          "scope");
  private static final List<String> REVOKE_PARAMETERS =
      List.of("token", "token_type_hint", "client_id", "client_secret");

  private static final JsonMapper JSON = JsonMapper.shared();

  private final IssueTokens issueTokens;
  private final RevokeToken revokeToken;
  private final FailureResponses failures;

  public TokenRoutes(IssueTokens issueTokens, RevokeToken revokeToken, FailureResponses failures) {
    this.issueTokens = issueTokens;
    this.revokeToken = revokeToken;
    this.failures = failures;
  }

  @Override
  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route().POST(TOKEN, this::token).POST(REVOKE, this::revoke).build();
  }

  @Override
  public List<String> protectedPaths() {
    return List.of();
  }

  /** RFC 6749 section 5.1; {@code refresh_token} and {@code scope} only when there are any. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"access_token", "token_type", "expires_in", "refresh_token", "scope"})
  record TokenAnswer(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("expires_in") long expiresIn,
      @JsonProperty("refresh_token") String refreshToken,
      String scope) {

    static TokenAnswer of(IssueTokens.Tokens tokens) {
      return new TokenAnswer(
          tokens.accessToken(),
          "Bearer",
          tokens.expiresIn().toSeconds(),
          tokens.refreshToken(),
          tokens.scope());
    }

    @Override
    public String toString() {
      return "TokenAnswer[expiresIn=" + expiresIn + ", scope=" + scope + ", tokens=<redacted>]";
    }
  }

  private Mono<ServerResponse> token(ServerRequest request) {
    return Forms.read(request, MAX_BODY_BYTES, "the token request", GrantRefused::invalidRequest)
        .flatMap(form -> grant(form, basicUser(request)))
        .flatMap(
            tokens ->
                noStore(ServerResponse.ok())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(JSON.writeValueAsBytes(TokenAnswer.of(tokens))))
        .onErrorResume(ServiceFailure.class, failures::render);
  }

  private Mono<IssueTokens.Tokens> grant(Forms.Form form, String basicUser) {
    refuseRepeated(form, TOKEN_PARAMETERS);
    if (form.values().getOrDefault("resource", List.of()).size() > 1) {
      throw new GrantRefused(
          GrantRefused.Reason.INVALID_TARGET,
          "a token is issued for one resource, this server's MCP endpoint");
    }
    String grantType = form.single(GRANT_TYPE);
    if (grantType == null) {
      throw GrantRefused.invalidRequest("grant_type is missing");
    }
    if (!AUTHORIZATION_CODE.equals(grantType) && !REFRESH_TOKEN.equals(grantType)) {
      throw new GrantRefused(
          GrantRefused.Reason.UNSUPPORTED_GRANT_TYPE,
          "this server issues tokens for the authorization_code and refresh_token grants only");
    }
    String clientId = clientId(form, basicUser);
    String resource = form.single("resource");
    return AUTHORIZATION_CODE.equals(grantType)
        ? issueTokens.exchange(
            new IssueTokens.CodeExchange(
                clientId,
                form.single("code"),
                form.single("redirect_uri"),
                form.single("code_verifier"),
                resource))
        : issueTokens.refresh(
            new IssueTokens.Refresh(
                clientId, form.single(REFRESH_TOKEN), form.single("scope"), resource));
  }

  /** RFC 7009 section 2.2: 200 with no body, whether or not the token was known. */
  private Mono<ServerResponse> revoke(ServerRequest request) {
    return Forms.read(
            request, MAX_BODY_BYTES, "the revocation request", GrantRefused::invalidRequest)
        .flatMap(
            form -> {
              refuseRepeated(form, REVOKE_PARAMETERS);
              String token = form.single("token");
              if (token == null) {
                throw GrantRefused.invalidRequest("token is missing");
              }
              return revokeToken.revoke(token, clientId(form, basicUser(request)));
            })
        .then(Mono.defer(() -> noStore(ServerResponse.ok()).build()))
        .onErrorResume(ServiceFailure.class, failures::render);
  }

  private static void refuseRepeated(Forms.Form form, List<String> known) {
    List<String> repeated = form.repeated(known);
    if (!repeated.isEmpty()) {
      throw GrantRefused.invalidRequest(repeated.get(0) + " appears more than once");
    }
  }

  private static String clientId(Forms.Form form, String basicUser) {
    String sent = form.single("client_id");
    if (sent != null && basicUser != null && !sent.equals(basicUser)) {
      throw GrantRefused.invalidRequest("client_id and the HTTP Basic user name differ");
    }
    String clientId = sent != null ? sent : basicUser;
    if (clientId == null) {
      throw GrantRefused.invalidRequest("client_id is missing");
    }
    return clientId;
  }

  /**
   * The user name of {@code Authorization: Basic}, form-decoded (RFC 6749 section 2.3.1); null
   * without one. Another scheme is not a client authentication and is ignored.
   */
  static String basicUser(ServerRequest request) {
    String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.toLowerCase(Locale.ROOT).startsWith("basic ")) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw GrantRefused.invalidRequest("the Authorization header is not valid HTTP Basic");
      }
      String user = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
      return user.isEmpty() ? null : user;
    } catch (IllegalArgumentException e) {
      throw GrantRefused.invalidRequest("the Authorization header is not valid HTTP Basic");
    }
  }

  private static ServerResponse.BodyBuilder noStore(ServerResponse.BodyBuilder builder) {
    return builder.cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache");
  }
}
