package io.statelessmcp.bootstrap.wiring;

import io.statelessmcp.application.port.out.TokenVerifier;
import java.net.URI;
import java.util.Optional;

/**
 * Resource-server mode: the AuthKit domain and its token verifier, present when {@code
 * WORKOS_AUTHKIT_DOMAIN} is set.
 */
record AuthKitTokens(URI domain, Optional<TokenVerifier> verifier) {}
