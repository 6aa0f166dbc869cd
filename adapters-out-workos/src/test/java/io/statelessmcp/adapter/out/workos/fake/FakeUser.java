package io.statelessmcp.adapter.out.workos.fake;

import java.util.Objects;

/** A WorkOS user the fake signs in. Email and names may be null, as in WorkOS. */
public record FakeUser(String id, String email, String firstName, String lastName) {

  public FakeUser {
    Objects.requireNonNull(id, "id");
  }

  /** Ada Lovelace, {@code user_01FAKEADA...}. */
  public static FakeUser ada() {
    return new FakeUser("user_01FAKEADA0000000000000000", "ada@example.com", "Ada", "Lovelace");
  }

  /** Grace Hopper, a second user for ownership tests. */
  public static FakeUser grace() {
    return new FakeUser("user_01FAKEGRACE00000000000000", "grace@example.com", "Grace", "Hopper");
  }

  /** A user with a fresh WorkOS-style id. */
  public static FakeUser random(String email, String firstName, String lastName) {
    return new FakeUser("user_" + Ids.ulid(), email, firstName, lastName);
  }
}
