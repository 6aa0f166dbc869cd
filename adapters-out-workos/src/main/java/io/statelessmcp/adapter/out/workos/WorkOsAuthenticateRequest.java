package io.statelessmcp.adapter.out.workos;

/**
 * Body of {@code POST /user_management/authenticate} (JSON, snake_case). Null fields are omitted.
 * Holds secrets: {@link #toString()} redacts them.
 */
record WorkOsAuthenticateRequest(
    String grantType,
    String clientId,
    String clientSecret,
    String code,
    String codeVerifier,
    String refreshToken,
    String ipAddress,
    String userAgent) {

  static WorkOsAuthenticateRequest authorizationCode(
      String clientId,
      String clientSecret,
      String code,
      String codeVerifier,
      String ipAddress,
      String userAgent) {
    return new WorkOsAuthenticateRequest(
        "authorization_code",
        clientId,
        clientSecret,
        code,
        codeVerifier,
        null,
        ipAddress,
        userAgent);
  }

  static WorkOsAuthenticateRequest refreshToken(
      String clientId, String clientSecret, String refreshToken) {
    return new WorkOsAuthenticateRequest(
        "refresh_token", clientId, clientSecret, null, null, refreshToken, null, null);
  }

  @Override
  public String toString() {
    return "WorkOsAuthenticateRequest[grantType=" + grantType + ", clientId=" + clientId + "]";
  }
}
