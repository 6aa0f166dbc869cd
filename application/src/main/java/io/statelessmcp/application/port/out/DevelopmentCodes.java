package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.UserProfile;

/**
 * Issues the authorization codes of the development identity provider, which its {@link
 * IdentityProvider#exchangeCode} then redeems like any provider's code.
 */
public interface DevelopmentCodes {

  /**
   * A short-lived code for this user, bound to the login's PKCE challenge (S256), so only the
   * holder of the login's verifier can redeem it.
   */
  String issue(UserProfile profile, String codeChallenge);
}
