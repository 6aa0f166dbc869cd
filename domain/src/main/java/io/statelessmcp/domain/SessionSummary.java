package io.statelessmcp.domain;

import java.time.Instant;

/** What a user may see of one of their own sessions: no secret, no token. */
public record SessionSummary(
    SessionId id,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    Instant revokedAt,
    String userAgent) {}
