package io.statelessmcp.adapter.out.workos;

/**
 * The parts of WorkOS's {@code UserlandAuthenticateResponse} this adapter uses. There is no {@code
 * expires_in}: the access token's expiry is its JWT {@code exp} claim.
 */
record WorkOsAuthenticateResponse(
    WorkOsUser user, String accessToken, String refreshToken, String organizationId) {

  /** WorkOS's {@code user} object; names and email may be null. */
  record WorkOsUser(String id, String email, String firstName, String lastName) {}

  @Override
  public String toString() {
    return "WorkOsAuthenticateResponse[user="
        + (user == null ? null : user.id())
        + ", organizationId="
        + organizationId
        + "]";
  }
}
