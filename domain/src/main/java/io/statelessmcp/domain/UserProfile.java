package io.statelessmcp.domain;

/** What the identity provider told us about the user at login. Any field may be absent. */
public record UserProfile(String email, String firstName, String lastName) {

  public static UserProfile empty() {
    return new UserProfile(null, null, null);
  }

  /** "First Last", whichever parts are known, or null when neither is. */
  public String displayName() {
    String name =
        ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
    return name.isEmpty() ? null : name;
  }
}
