package io.statelessmcp.application.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Authorization responses at a client's redirect URI (RFC 6749 section 4.1.2), always with the
 * issuer (RFC 9207) so a client talking to several servers can tell who answered.
 */
final class ClientRedirects {

  private ClientRedirects() {}

  static URI code(String redirectUri, String code, String state, URI issuer) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("code", code);
    return to(redirectUri, parameters, state, issuer);
  }

  static URI error(String redirectUri, String error, String description, String state, URI issuer) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("error", error);
    parameters.put("error_description", description);
    return to(redirectUri, parameters, state, issuer);
  }

  private static URI to(
      String redirectUri, Map<String, String> parameters, String state, URI issuer) {
    if (state != null) {
      parameters.put("state", state);
    }
    parameters.put("iss", issuer.toString());
    StringBuilder uri = new StringBuilder(redirectUri);
    char separator = redirectUri.indexOf('?') >= 0 ? '&' : '?';
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      uri.append(separator)
          .append(parameter.getKey())
          .append('=')
          .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return URI.create(uri.toString());
  }
}
