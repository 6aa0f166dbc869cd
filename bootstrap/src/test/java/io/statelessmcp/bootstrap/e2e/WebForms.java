package io.statelessmcp.bootstrap.e2e;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What a test playing a browser reads and writes by hand: queries, forms, cookies. */
public final class WebForms {

  private WebForms() {}

  /** The query's parameters in order; a parameter sent twice fails the test. */
  public static Map<String, String> query(URI uri) {
    return Arrays.stream(uri.getRawQuery().split("&"))
        .map(pair -> pair.split("=", 2))
        .collect(
            Collectors.toMap(
                pair -> pair[0],
                pair -> URLDecoder.decode(pair.length > 1 ? pair[1] : "", StandardCharsets.UTF_8),
                (a, b) -> {
                  throw new AssertionError("parameter twice in " + uri);
                },
                LinkedHashMap::new));
  }

  /** {@code application/x-www-form-urlencoded}, in the map's order. */
  public static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** {@code name=value} of a cookie the response sets (with or without {@code __Host-}). */
  public static String cookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "=") || c.startsWith("__Host-" + name + "="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
  }
}
