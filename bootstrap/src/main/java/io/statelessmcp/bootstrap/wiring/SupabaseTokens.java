package io.statelessmcp.bootstrap.wiring;

import io.statelessmcp.application.port.out.TokenVerifier;
import java.util.Optional;

/** The Supabase access-token verifier, present when {@code SUPABASE_URL} is set. */
record SupabaseTokens(Optional<TokenVerifier> verifier) {}
