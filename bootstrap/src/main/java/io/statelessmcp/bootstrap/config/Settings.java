package io.statelessmcp.bootstrap.config;

import java.net.URI;

/**
 * Parsing of raw settings with messages that name the environment variable and the rule, so a bad
 * value fails the start with an answer, not a stack trace to decode. Values are never echoed for
 * settings that may hold secrets.
 */
final class Settings {

  private Settings() {}

  static long wholeNumber(String setting, String raw, long min, long max) {
    String rule = "must be a whole number from " + min + " to " + max;
    if (raw == null || raw.isBlank()) {
      throw new InvalidSetting(setting, rule + "; it is empty");
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new InvalidSetting(setting, rule + "; got '" + raw.trim() + "'");
    }
    if (value < min || value > max) {
      throw new InvalidSetting(setting, rule + "; got " + value);
    }
    return value;
  }

  static boolean flag(String setting, String raw) {
    if (raw == null || raw.isBlank()) {
      return false;
    }
    return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw new InvalidSetting(setting, "must be true or false; got '" + raw.trim() + "'");
    };
  }

  /** An absolute http(s) URL without query or fragment, or null when blank. */
  static URI httpUrl(String setting, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(raw.trim());
      boolean http = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
      if (!http
          || uri.getHost() == null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new InvalidSetting(
            setting, "must be an absolute http(s) URL without query; got '" + raw.trim() + "'");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new InvalidSetting(
          setting, "must be an absolute http(s) URL; got '" + raw.trim() + "'");
    }
  }

  /** A misconfigured setting: the message names the environment variable and the rule. */
  static final class InvalidSetting extends IllegalArgumentException {
    InvalidSetting(String setting, String rule) {
      super(setting + " " + rule);
    }
  }
}
