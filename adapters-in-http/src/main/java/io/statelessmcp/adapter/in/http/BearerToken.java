package io.statelessmcp.adapter.in.http;

import org.springframework.http.HttpHeaders;

/** The token of an {@code Authorization: Bearer} header. */
final class BearerToken {

  private static final String SCHEME = "Bearer ";

  private BearerToken() {}

  /** The token, or null when there is no bearer authorization. */
  static String from(HttpHeaders headers) {
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    return authorization.substring(SCHEME.length()).trim();
  }
}
