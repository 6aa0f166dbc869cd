package io.statelessmcp.adapter.in.http;

import java.util.List;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * An inbound adapter's routes and which of them need a principal. {@link SessionWebFilter}
 * authenticates exactly the union of the declared paths, so the list lives beside the routes it
 * protects.
 */
public interface InboundRoutes {

  RouterFunction<ServerResponse> routes();

  /** Spring path patterns (for example {@code /mcp/**}) that only authenticated callers reach. */
  List<String> protectedPaths();
}
