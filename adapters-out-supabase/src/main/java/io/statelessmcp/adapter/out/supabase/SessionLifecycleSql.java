package io.statelessmcp.adapter.out.supabase;

/**
 * {@link io.statelessmcp.domain.Session#statusAt} and sticky revocation as SQL conditions on {@code
 * mcp_sessions}, for every statement that needs them. The view {@code active_mcp_sessions} and the
 * function {@code mcp_purge_expired_sessions} (changelog 004 and 006) spell the same conditions
 * with {@code now()}; SessionLifecycleBoundaryTest checks that all of them agree with the domain.
 *
 * <p>Each method takes the instant as SQL, usually a placeholder such as {@code "$1"}.
 */
final class SessionLifecycleSql {

  private SessionLifecycleSql() {}

  /**
   * Not revoked at {@code instant}: a revocation takes effect at its instant. Also the rows that
   * revoking at {@code instant} changes.
   */
  static String notRevokedAt(String instant) {
    return "(revoked_at IS NULL OR revoked_at > " + instant + ")";
  }

  /** Active at {@code instant}: usable strictly before each deadline and the revocation. */
  static String activeAt(String instant) {
    return "("
        + notRevokedAt(instant)
        + " AND expires_at > "
        + instant
        + " AND absolute_expires_at > "
        + instant
        + ")";
  }

  /**
   * Ended at {@code instant} (expired or revoked): exactly the rows not {@link #activeAt}. It omits
   * {@code absolute_expires_at <= instant} because the CHECK {@code expires_at <=
   * absolute_expires_at} makes it imply {@code expires_at <= instant}; so the condition stays two
   * indexed ones (mcp_sessions_expires_at_idx, mcp_sessions_revoked_at_idx) that the planner
   * combines with a BitmapOr. A third, unindexed one would turn the purge into a sequential scan.
   */
  static String endedAt(String instant) {
    return "(expires_at <= " + instant + " OR revoked_at <= " + instant + ")";
  }

  /**
   * The revocation to store when a write carries {@code written}: the earlier one, as {@link
   * io.statelessmcp.domain.Session#stickyRevocation}. PostgreSQL's LEAST ignores NULLs, so a write
   * without a revocation keeps the stored one and a first revocation is taken as written.
   */
  static String stickyRevocation(String written) {
    return "LEAST(revoked_at, " + written + ")";
  }
}
