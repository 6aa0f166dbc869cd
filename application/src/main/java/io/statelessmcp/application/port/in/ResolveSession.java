package io.statelessmcp.application.port.in;

import reactor.core.publisher.Mono;

/**
 * The hot path: turns a presented credential into a principal. Rejects expired, revoked and unknown
 * sessions with {@link io.statelessmcp.application.failure.SessionRejected}, slides the idle
 * deadline when the throttle allows, and refreshes the upstream token once per session across all
 * replicas when it is about to expire.
 */
public interface ResolveSession {

  Mono<SessionPrincipal> resolve(String presentedCredential);
}
