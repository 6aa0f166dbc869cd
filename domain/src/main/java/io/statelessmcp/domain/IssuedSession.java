package io.statelessmcp.domain;

/** A freshly opened session and the credential for it, which exists only until it is returned. */
public record IssuedSession(Session session, SessionCredential credential) {

  @Override
  public String toString() {
    return "IssuedSession[session=" + session + ", credential=<redacted>]";
  }
}
