package io.statelessmcp.adapter.in.http;

import io.statelessmcp.application.port.in.Principal;
import java.util.Optional;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The one place a request's principal is kept and read. {@link SessionWebFilter} puts it there on
 * the paths that the inbound adapters declare protected ({@link InboundRoutes#protectedPaths()}).
 */
public final class Principals {

  private static final String ATTRIBUTE = Principal.class.getName();

  private Principals() {}

  static void attach(ServerWebExchange exchange, Principal principal) {
    exchange.getAttributes().put(ATTRIBUTE, principal);
  }

  /** The principal of a request on a protected path; empty anywhere else. */
  public static Optional<Principal> find(ServerRequest request) {
    return request.attribute(ATTRIBUTE).map(Principal.class::cast);
  }

  /**
   * The principal of a request on a protected path. A handler that calls this on a path it did not
   * declare protected is a wiring bug, so it fails loudly rather than serving anyone.
   */
  public static Principal require(ServerRequest request) {
    return find(request)
        .orElseThrow(
            () -> new IllegalStateException(request.path() + " is not declared protected"));
  }
}
