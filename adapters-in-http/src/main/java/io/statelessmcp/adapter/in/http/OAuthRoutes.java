package io.statelessmcp.adapter.in.http;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.port.in.RegisterClient;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthClientMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.minidev.json.JSONObject;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * This server as an OAuth 2.1 authorization server for MCP clients ({@code MCP_AUTH_MODE=proxy}):
 * RFC 8414 metadata (also at the OpenID configuration path that clients probe) and RFC 7591 Dynamic
 * Client Registration of public clients. The authorization, token and revocation endpoints the
 * metadata names are {@link AuthorizeRoutes} and {@link TokenRoutes}.
 *
 * <p>A registration must be one JSON object (no member twice), at most {@value
 * #MAX_REGISTRATION_BYTES} bytes, sent as {@code application/json}; Nimbus parses its members, the
 * application decides what is acceptable.
 */
public final class OAuthRoutes implements InboundRoutes {

  public static final String REGISTER = "/register";
  public static final String AUTHORIZE = "/authorize";
  public static final String TOKEN = "/token";
  public static final String REVOKE = "/revoke";
  static final String AUTHORIZATION_SERVER_METADATA = "/.well-known/oauth-authorization-server";
  static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

  static final int MAX_REGISTRATION_BYTES = 16 * 1024;

  /** Jackson 3's defaults let a repeated member silently win; a registration must not. */
  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Pattern NIMBUS_MEMBER = Pattern.compile("(?:key |Invalid )([a-z_]+)");

  private final RegisterClient registerClient;
  private final FailureResponses failures;
  private final Map<String, Object> metadata;

  public OAuthRoutes(
      RegisterClient registerClient, FailureResponses failures, HttpSettings settings) {
    this.registerClient = registerClient;
    this.failures = failures;
    this.metadata = authorizationServerMetadata(settings.issuer());
  }

  @Override
  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET(AUTHORIZATION_SERVER_METADATA, request -> metadata())
        .GET(OPENID_CONFIGURATION, request -> metadata())
        .POST(REGISTER, this::register)
        .build();
  }

  @Override
  public List<String> protectedPaths() {
    return List.of();
  }

  /** RFC 8414 section 2, for the public PKCE clients of MCP. */
  static Map<String, Object> authorizationServerMetadata(URI issuer) {
    String base = issuer.toString();
    AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(new Issuer(base));
    metadata.setAuthorizationEndpointURI(URI.create(base + AUTHORIZE));
    metadata.setTokenEndpointURI(URI.create(base + TOKEN));
    metadata.setRegistrationEndpointURI(URI.create(base + REGISTER));
    metadata.setRevocationEndpointURI(URI.create(base + REVOKE));
    metadata.setResponseTypes(List.of(ResponseType.CODE));
    metadata.setResponseModes(List.of(ResponseMode.QUERY));
    metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
    metadata.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.NONE));
    metadata.setRevocationEndpointAuthMethods(List.of(ClientAuthenticationMethod.NONE));
    metadata.setSupportsAuthorizationResponseIssuerParam(true);
    // draft-ietf-oauth-client-id-metadata-document; Nimbus has no setter for it yet
    metadata.setCustomParameter("client_id_metadata_document_supported", true);
    return issuerFirst(metadata.toJSONObject());
  }

  private Mono<ServerResponse> metadata() {
    return ServerResponse.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
        .bodyValue(metadata);
  }

  private Mono<ServerResponse> register(ServerRequest request) {
    MediaType type = request.headers().contentType().orElse(null);
    if (type == null
        || type.isWildcardType()
        || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
      return failures.render(
          invalidMetadata("a registration is a JSON object sent as application/json"));
    }
    return DataBufferUtils.join(
            request.body(BodyExtractors.toDataBuffers()), MAX_REGISTRATION_BYTES)
        .map(
            buffer -> {
              byte[] bytes = new byte[buffer.readableByteCount()];
              buffer.read(bytes);
              DataBufferUtils.release(buffer);
              return bytes;
            })
        .defaultIfEmpty(new byte[0])
        .onErrorMap(
            DataBufferLimitException.class,
            e ->
                invalidMetadata(
                    "the registration is larger than " + MAX_REGISTRATION_BYTES + " bytes"))
        .map(OAuthRoutes::command)
        .flatMap(registerClient::register)
        .flatMap(OAuthRoutes::registered)
        .onErrorResume(ServiceFailure.class, failures::render);
  }

  /**
   * The registration's members as the client sent them (the use case applies the rules), or the RFC
   * 7591 error when they cannot be read.
   */
  static RegisterClient.Command command(byte[] body) {
    JsonNode tree;
    try {
      tree = STRICT.readTree(body);
    } catch (JacksonException e) {
      throw invalidMetadata(
          String.valueOf(e.getOriginalMessage()).startsWith("Duplicate")
              ? "a member of the registration appears more than once"
              : "the registration is not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw invalidMetadata("the registration must be a JSON object");
    }
    ClientMetadata parsed;
    try {
      parsed =
          ClientMetadata.parse(JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8)));
    } catch (ParseException e) {
      throw unparseable(e);
    }
    return () ->
        new OAuthClientMetadata(
            parsed.getRedirectionURIStrings() == null
                ? null
                : List.copyOf(parsed.getRedirectionURIStrings()),
            parsed.getName(),
            parsed.getURI() == null ? null : parsed.getURI().toString(),
            parsed.getLogoURI() == null ? null : parsed.getLogoURI().toString(),
            parsed.getScope() == null ? null : parsed.getScope().toString(),
            parsed.getGrantTypes() == null
                ? null
                : parsed.getGrantTypes().stream().map(GrantType::getValue).toList(),
            parsed.getResponseTypes() == null
                ? null
                : parsed.getResponseTypes().stream().map(ResponseType::toString).toList(),
            parsed.getTokenEndpointAuthMethod() == null
                ? null
                : parsed.getTokenEndpointAuthMethod().getValue());
  }

  /**
   * Names the member Nimbus refused; its own words may quote the value (a URI syntax error does),
   * and an error message never echoes the caller's input.
   */
  private static ClientRejected unparseable(ParseException e) {
    String message = String.valueOf(e.getMessage());
    Matcher member = NIMBUS_MEMBER.matcher(message);
    String name = member.find() ? member.group(1) : null;
    boolean redirect =
        "redirect_uris".equals(name)
            || (e.getErrorObject() != null
                && RegistrationError.INVALID_REDIRECT_URI
                    .getCode()
                    .equals(e.getErrorObject().getCode()));
    String why =
        message.contains("array of strings") || message.contains("Unexpected type")
            ? " has the wrong JSON type"
            : " is not valid";
    return ClientRejected.invalidMetadata(
        redirect, (name == null ? "a member of the registration" : name) + why);
  }

  /** RFC 7591 section 3.2.1: 201 with the client's id and everything registered for it. */
  private static Mono<ServerResponse> registered(OAuthClient client) {
    OAuthClientMetadata registered = client.metadata();
    ClientMetadata metadata = new ClientMetadata();
    LinkedHashSet<URI> redirectUris = new LinkedHashSet<>();
    registered.redirectUris().forEach(uri -> redirectUris.add(URI.create(uri)));
    metadata.setRedirectionURIs(redirectUris);
    metadata.setName(registered.clientName());
    metadata.setURI(registered.clientUri() == null ? null : URI.create(registered.clientUri()));
    metadata.setLogoURI(registered.logoUri() == null ? null : URI.create(registered.logoUri()));
    metadata.setScope(registered.scope() == null ? null : Scope.parse(registered.scope()));
    LinkedHashSet<GrantType> grantTypes = new LinkedHashSet<>();
    registered.grantTypes().forEach(grant -> grantTypes.add(new GrantType(grant)));
    metadata.setGrantTypes(grantTypes);
    metadata.setResponseTypes(new LinkedHashSet<>(List.of(ResponseType.CODE)));
    metadata.setTokenEndpointAuthMethod(
        ClientAuthenticationMethod.parse(registered.tokenEndpointAuthMethod()));
    JSONObject json =
        new ClientInformation(
                new ClientID(client.clientId()), Date.from(client.createdAt()), metadata, null)
            .toJSONObject();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client_id", json.remove("client_id"));
    body.put("client_id_issued_at", json.remove("client_id_issued_at"));
    body.putAll(new TreeMap<>(json));
    return ServerResponse.status(HttpStatus.CREATED)
        .contentType(MediaType.APPLICATION_JSON)
        .cacheControl(CacheControl.noStore())
        .header(HttpHeaders.PRAGMA, "no-cache")
        .bodyValue(body);
  }

  private static Map<String, Object> issuerFirst(JSONObject json) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("issuer", json.remove("issuer"));
    ordered.putAll(new TreeMap<>(json));
    return java.util.Collections.unmodifiableMap(ordered);
  }

  private static ClientRejected invalidMetadata(String why) {
    return ClientRejected.invalidMetadata(false, why);
  }
}
