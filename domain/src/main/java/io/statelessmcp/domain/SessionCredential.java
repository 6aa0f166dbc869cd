package io.statelessmcp.domain;

/**
 * The credential a client presents: {@code <session_id>.<secret>}. It travels as the {@code
 * X-MCP-Session-ID} header, the session cookie or a bearer token; all three carry the same value.
 */
public record SessionCredential(SessionId sessionId, SessionSecret secret) {

  public static final char SEPARATOR = '.';
  public static final int LENGTH = SessionId.LENGTH + 1 + SessionSecret.LENGTH;

  public SessionCredential {
    if (sessionId == null || secret == null) {
      throw new IllegalArgumentException("a credential needs both a session id and a secret");
    }
  }

  public static SessionCredential issue() {
    return new SessionCredential(SessionId.random(), SessionSecret.random());
  }

  /**
   * Parses strictly. A rejection names the rule that failed and never echoes the input, so it is
   * safe to log or return to a client.
   */
  public static Parsed parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return new Parsed.Rejected(Rejection.MISSING);
    }
    int dot = raw.indexOf(SEPARATOR);
    if (dot < 0) {
      return new Parsed.Rejected(Rejection.MISSING_SEPARATOR);
    }
    if (raw.indexOf(SEPARATOR, dot + 1) >= 0) {
      return new Parsed.Rejected(Rejection.EXTRA_PARTS);
    }
    if (raw.length() != LENGTH || dot != SessionId.LENGTH) {
      return new Parsed.Rejected(Rejection.WRONG_LENGTH);
    }
    String id = raw.substring(0, dot);
    String secret = raw.substring(dot + 1);
    if (!SessionId.isWellFormed(id) || !SessionSecret.isWellFormed(secret)) {
      return new Parsed.Rejected(Rejection.WRONG_ALPHABET);
    }
    return new Parsed.Valid(new SessionCredential(new SessionId(id), new SessionSecret(secret)));
  }

  /** The value handed to the client exactly once, at login. Treat it as a secret. */
  public String encoded() {
    return sessionId.value() + SEPARATOR + secret.value();
  }

  @Override
  public String toString() {
    return "SessionCredential[sessionId=" + sessionId + ", secret=<redacted>]";
  }

  /** Why a presented credential was refused before any lookup. */
  public enum Rejection {
    MISSING,
    MISSING_SEPARATOR,
    EXTRA_PARTS,
    WRONG_LENGTH,
    WRONG_ALPHABET
  }

  /** Outcome of {@link #parse(String)}: a credential, or the rule it broke. */
  public sealed interface Parsed {

    record Valid(SessionCredential credential) implements Parsed {}

    record Rejected(Rejection reason) implements Parsed {}
  }
}
