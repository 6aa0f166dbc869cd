package io.statelessmcp.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Where a login may send the browser afterwards. An entry is an exact absolute URL, or a URL ending
 * in {@code *} that allows any path below it on the same scheme, host and port. Anything else is
 * refused, so {@code /auth/login} cannot be turned into an open redirect.
 */
public record ReturnToAllowList(List<String> entries) {

  public ReturnToAllowList {
    entries = List.copyOf(entries);
    for (String entry : entries) {
      String url = entry.endsWith("*") ? entry.substring(0, entry.length() - 1) : entry;
      if (parseAbsolute(url) == null) {
        throw new IllegalArgumentException("allow-list entries must be absolute http(s) URLs");
      }
    }
  }

  public static ReturnToAllowList none() {
    return new ReturnToAllowList(List.of());
  }

  public boolean allows(String returnTo) {
    URI candidate = parseAbsolute(returnTo);
    if (candidate == null || candidate.getRawUserInfo() != null) {
      return false;
    }
    String normalized = candidate.normalize().toString();
    if (!normalized.equals(returnTo) || returnTo.contains("\\")) {
      return false;
    }
    for (String entry : entries) {
      if (entry.endsWith("*")) {
        String prefix = entry.substring(0, entry.length() - 1);
        URI base = parseAbsolute(prefix);
        if (sameOrigin(base, candidate) && returnTo.startsWith(prefix)) {
          return true;
        }
      } else if (entry.equals(returnTo)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  private static URI parseAbsolute(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(value);
      boolean http =
          "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
      return http && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
