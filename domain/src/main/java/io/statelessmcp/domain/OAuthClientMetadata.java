package io.statelessmcp.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an OAuth client declares about itself (RFC 7591, or its Client ID Metadata Document), as
 * this server accepts it: public clients of the authorization code flow only. Built from what the
 * client sent; absent members get this server's defaults, and the record then holds exactly what is
 * registered and answered back.
 *
 * <ul>
 *   <li>{@code redirect_uris}: 1 to {@value #MAX_REDIRECT_URIS}, each absolute, without fragment or
 *       user info, {@code https}, or {@code http} on a loopback host (RFC 8252 section 7.3).
 *   <li>{@code token_endpoint_auth_method}: {@code none} (the default here; no client secrets).
 *   <li>{@code grant_types}: {@code authorization_code}, optionally {@code refresh_token}; absent
 *       means both.
 *   <li>{@code response_types}: {@code code}.
 *   <li>{@code client_uri} and {@code logo_uri} are shown on the consent page: kept only when they
 *       are {@code https} URLs, otherwise dropped (RFC 7591 lets a server replace values).
 * </ul>
 *
 * @throws InvalidClientMetadata when a member breaks a rule; the message names member and rule
 */
public record OAuthClientMetadata(
    List<String> redirectUris,
    String clientName,
    String clientUri,
    String logoUri,
    String scope,
    List<String> grantTypes,
    List<String> responseTypes,
    String tokenEndpointAuthMethod) {

  public static final int MAX_REDIRECT_URIS = 10;
  public static final int MAX_URI_LENGTH = 2048;
  public static final int MAX_CLIENT_NAME_LENGTH = 200;
  public static final int MAX_SCOPE_LENGTH = 1024;

  public static final String AUTHORIZATION_CODE = "authorization_code";
  public static final String REFRESH_TOKEN = "refresh_token";
  public static final String CODE = "code";
  public static final String PUBLIC_CLIENT = "none";

  private static final List<String> GRANT_TYPES = List.of(AUTHORIZATION_CODE, REFRESH_TOKEN);

  public OAuthClientMetadata {
    redirectUris = redirectUris(redirectUris);
    clientName = clientName(clientName);
    clientUri = displayUrl(clientUri, "client_uri");
    logoUri = displayUrl(logoUri, "logo_uri");
    scope = scope(scope);
    grantTypes = grantTypes(grantTypes);
    responseTypes = responseTypes(responseTypes);
    tokenEndpointAuthMethod = tokenEndpointAuthMethod(tokenEndpointAuthMethod);
  }

  public boolean allowsRefreshTokens() {
    return grantTypes.contains(REFRESH_TOKEN);
  }

  private static List<String> redirectUris(List<String> uris) {
    if (uris == null || uris.isEmpty()) {
      throw InvalidClientMetadata.redirectUri("redirect_uris is required (at least one URI)");
    }
    if (uris.size() > MAX_REDIRECT_URIS) {
      throw InvalidClientMetadata.redirectUri(
          "redirect_uris may hold at most " + MAX_REDIRECT_URIS + " URIs");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (int i = 0; i < uris.size(); i++) {
      String uri = uris.get(i);
      String rule = redirectUriRule(uri);
      if (rule != null) {
        throw InvalidClientMetadata.redirectUri("redirect_uris[" + i + "] " + rule);
      }
      distinct.add(uri);
    }
    return List.copyOf(distinct);
  }

  /** The rule {@code uri} breaks, or null when it is an acceptable redirect URI. */
  private static String redirectUriRule(String uri) {
    if (uri == null || uri.isEmpty()) {
      return "is empty";
    }
    if (uri.length() > MAX_URI_LENGTH) {
      return "is longer than " + MAX_URI_LENGTH + " characters";
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return "is not a valid URI";
    }
    if (!parsed.isAbsolute() || parsed.getHost() == null) {
      return "must be an absolute URI with a host";
    }
    if (uri.indexOf('#') >= 0) {
      return "must not contain a fragment";
    }
    if (parsed.getRawUserInfo() != null) {
      return "must not contain user information";
    }
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return null;
    }
    if (scheme.equals("http") && isLoopbackHost(parsed.getHost())) {
      return null;
    }
    return "must use https, or http on a loopback address (localhost, 127.0.0.1, [::1])";
  }

  /** RFC 8252 section 7.3, plus {@code localhost}, which native MCP clients use. */
  public static boolean isLoopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]");
  }

  private static String clientName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String trimmed = name.strip();
    if (trimmed.length() > MAX_CLIENT_NAME_LENGTH) {
      throw InvalidClientMetadata.member(
          "client_name is longer than " + MAX_CLIENT_NAME_LENGTH + " characters");
    }
    if (trimmed.chars().anyMatch(Character::isISOControl)) {
      throw InvalidClientMetadata.member("client_name must not contain control characters");
    }
    return trimmed;
  }

  private static String displayUrl(String url, String member) {
    if (url == null || url.isBlank()) {
      return null;
    }
    if (url.length() > MAX_URI_LENGTH) {
      throw InvalidClientMetadata.member(
          member + " is longer than " + MAX_URI_LENGTH + " characters");
    }
    try {
      URI parsed = new URI(url);
      boolean https =
          "https".equalsIgnoreCase(parsed.getScheme())
              && parsed.getHost() != null
              && parsed.getRawUserInfo() == null;
      return https ? url : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String scope(String scope) {
    if (scope == null || scope.isBlank()) {
      return null;
    }
    if (scope.length() > MAX_SCOPE_LENGTH) {
      throw InvalidClientMetadata.member(
          "scope is longer than " + MAX_SCOPE_LENGTH + " characters");
    }
    for (String token : scope.strip().split(" ", -1)) {
      if (token.isEmpty() || !token.chars().allMatch(OAuthClientMetadata::isScopeCharacter)) {
        throw InvalidClientMetadata.member(
            "scope must be scope tokens separated by single spaces (RFC 6749 section 3.3)");
      }
    }
    return scope.strip();
  }

  private static boolean isScopeCharacter(int c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
  }

  private static List<String> grantTypes(List<String> declared) {
    if (declared == null || declared.isEmpty()) {
      return GRANT_TYPES;
    }
    for (String grant : declared) {
      if (!GRANT_TYPES.contains(grant)) {
        throw InvalidClientMetadata.member(
            "grant_types may hold only authorization_code and refresh_token");
      }
    }
    if (!declared.contains(AUTHORIZATION_CODE)) {
      throw InvalidClientMetadata.member("grant_types must include authorization_code");
    }
    // One order whatever the client sent, so equal registrations are equal values.
    List<String> normalized = new ArrayList<>();
    for (String grant : GRANT_TYPES) {
      if (declared.contains(grant)) {
        normalized.add(grant);
      }
    }
    return List.copyOf(normalized);
  }

  private static List<String> responseTypes(List<String> declared) {
    if (declared == null || declared.isEmpty()) {
      return List.of(CODE);
    }
    if (!declared.stream().allMatch(CODE::equals)) {
      throw InvalidClientMetadata.member("response_types may hold only code");
    }
    return List.of(CODE);
  }

  private static String tokenEndpointAuthMethod(String method) {
    if (method == null || method.isEmpty() || method.equals(PUBLIC_CLIENT)) {
      return PUBLIC_CLIENT;
    }
    throw InvalidClientMetadata.member(
        "token_endpoint_auth_method must be none: only public clients (with PKCE) are supported");
  }
}
