package io.statelessmcp.domain;

/**
 * Who owns a session: the Supabase user id ({@code auth.uid()}) when the login was linked to one,
 * otherwise the WorkOS user id.
 */
public record UserId(String value) {

  public static final int MAX_LENGTH = 255;

  public UserId {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("user id must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("user id must be at most " + MAX_LENGTH + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("user id must not contain control characters");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
