package io.statelessmcp.domain;

/** The null checks of a record's required components, in one line per record. */
public final class Required {

  private Required() {}

  /**
   * @throws NullPointerException naming the position of the first null value (the stack trace names
   *     the record)
   */
  public static void nonNull(Object... values) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new NullPointerException(
            "required value " + (i + 1) + " of " + values.length + " is null");
      }
    }
  }
}
