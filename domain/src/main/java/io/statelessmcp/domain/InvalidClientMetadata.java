package io.statelessmcp.domain;

/**
 * Client metadata breaks a rule of this server. The message names the member and the rule, never
 * the offending value.
 */
public final class InvalidClientMetadata extends IllegalArgumentException {

  private final boolean redirectUri;

  private InvalidClientMetadata(String message, boolean redirectUri) {
    super(message);
    this.redirectUri = redirectUri;
  }

  static InvalidClientMetadata redirectUri(String message) {
    return new InvalidClientMetadata(message, true);
  }

  static InvalidClientMetadata member(String message) {
    return new InvalidClientMetadata(message, false);
  }

  /**
   * RFC 7591 answers these with {@code invalid_redirect_uri}, the rest with {@code
   * invalid_client_metadata}.
   */
  public boolean concernsRedirectUris() {
    return redirectUri;
  }
}
