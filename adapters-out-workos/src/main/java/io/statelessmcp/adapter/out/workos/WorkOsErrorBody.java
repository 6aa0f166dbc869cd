package io.statelessmcp.adapter.out.workos;

/**
 * WorkOS error bodies come in two shapes: OAuth ({@code error}, {@code error_description}) and
 * WorkOS ({@code code}, {@code message}). Descriptions may echo the submitted code, so only the
 * error code is ever logged or shown.
 */
record WorkOsErrorBody(String error, String errorDescription, String code, String message) {

  static final WorkOsErrorBody NONE = new WorkOsErrorBody(null, null, null, null);

  /** The machine-readable code of either shape, reduced to a safe token, or "none". */
  String errorCode() {
    String raw = error != null && !error.isBlank() ? error : code;
    if (raw == null || raw.isBlank()) {
      return "none";
    }
    return raw.length() <= 64 && raw.matches("[A-Za-z0-9_.-]+") ? raw : "unrecognised";
  }

  @Override
  public String toString() {
    return "WorkOsErrorBody[" + errorCode() + "]";
  }
}
