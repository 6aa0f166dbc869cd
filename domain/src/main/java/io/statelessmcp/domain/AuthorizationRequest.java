package io.statelessmcp.domain;

import java.util.regex.Pattern;

/**
 * A client's authorization request as this server accepted it at {@code /authorize}: it waits with
 * the pending login while the user signs in upstream, and then binds the authorization code.
 *
 * @param redirectUri exactly as sent, and exactly one of the client's registered URIs
 * @param codeChallenge the PKCE S256 challenge (plain is not accepted)
 * @param state the client's own value, echoed back; null when the client sent none
 * @param resource the RFC 8707 resource, which is this server's MCP endpoint; null when not sent
 * @param scope as requested; null when not sent
 */
public record AuthorizationRequest(
    String clientId,
    String redirectUri,
    String codeChallenge,
    String state,
    String resource,
    String scope) {

  public static final int MAX_URI_LENGTH = 2048;
  public static final int MAX_STATE_LENGTH = 1024;
  public static final int MAX_SCOPE_LENGTH = 1024;

  private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  public AuthorizationRequest {
    Required.nonNull(clientId, redirectUri, codeChallenge);
    if (!isS256Challenge(codeChallenge)) {
      throw new IllegalArgumentException("code_challenge is not an S256 challenge");
    }
    if (redirectUri.length() > MAX_URI_LENGTH
        || (resource != null && resource.length() > MAX_URI_LENGTH)
        || (state != null && state.length() > MAX_STATE_LENGTH)
        || (scope != null && scope.length() > MAX_SCOPE_LENGTH)) {
      throw new IllegalArgumentException("a parameter of the authorization request is too long");
    }
  }

  /** base64url of a SHA-256 digest: 43 characters of the URL-safe alphabet. */
  public static boolean isS256Challenge(String value) {
    return value != null && S256_CHALLENGE.matcher(value).matches();
  }

  @Override
  public String toString() {
    return "AuthorizationRequest[clientId="
        + clientId
        + ", redirectUri="
        + redirectUri
        + ", resource="
        + resource
        + ", scope="
        + scope
        + "]";
  }
}
