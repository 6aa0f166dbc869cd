package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.UserId;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Verifies a signed bearer token (a Supabase access token, or an AuthKit access token in
 * resource-server mode). Signals {@link io.statelessmcp.application.failure.TokenRejected} with the
 * reason when the token is not acceptable.
 */
public interface TokenVerifier {

  Mono<VerifiedToken> verify(String token);

  /** The parts of a verified token the service relies on. */
  record VerifiedToken(UserId subject, String email, Instant expiresAt) {}
}
