package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.ListMySessions;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.application.port.out.UserSessions;
import io.statelessmcp.domain.SessionSummary;
import java.time.Clock;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * The caller's sessions; a session that is an OAuth client's grant carries the client's name, so
 * the user can tell "Claude" from "Cursor" before revoking one.
 */
public record ListMySessionsService(UserSessions sessions, OAuthClientRegistry clients, Clock clock)
    implements ListMySessions {

  @Override
  public Flux<SessionSummary> list(Principal principal) {
    return sessions
        .listActive(principal.userId(), clock.instant())
        .collectList()
        .flatMapMany(
            summaries ->
                Flux.fromIterable(summaries)
                    .mapNotNull(SessionSummary::oauthClientId)
                    .distinct()
                    .flatMap(
                        clientId ->
                            clients
                                .find(clientId)
                                .map(client -> Map.entry(clientId, client.displayName())))
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                    .flatMapMany(
                        names ->
                            Flux.fromIterable(summaries)
                                .map(
                                    summary ->
                                        summary.oauthClientId() == null
                                            ? summary
                                            : named(
                                                summary,
                                                names.getOrDefault(
                                                    summary.oauthClientId(),
                                                    summary.oauthClientId())))));
  }

  private static SessionSummary named(SessionSummary summary, String clientName) {
    return new SessionSummary(
        summary.id(),
        summary.createdAt(),
        summary.lastSeenAt(),
        summary.expiresAt(),
        summary.revokedAt(),
        summary.userAgent(),
        summary.oauthClientId(),
        clientName);
  }
}
