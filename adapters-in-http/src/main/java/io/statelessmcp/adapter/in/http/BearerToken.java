package io.statelessmcp.adapter.in.http;

import java.util.List;
import org.springframework.http.HttpHeaders;

/** The token of an {@code Authorization: Bearer} header. */
final class BearerToken {

  private static final String SCHEME = "Bearer ";

  private BearerToken() {}

  /** The token, or null when there is no bearer authorization. */
  static String from(HttpHeaders headers) {
    List<String> tokens = all(headers);
    return tokens.isEmpty() ? null : tokens.get(0);
  }

  /** The tokens of every {@code Authorization} header that uses the bearer scheme, in order. */
  static List<String> all(HttpHeaders headers) {
    return headers.getOrEmpty(HttpHeaders.AUTHORIZATION).stream()
        .filter(value -> value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
        .map(value -> value.substring(SCHEME.length()).trim())
        .toList();
  }
}
