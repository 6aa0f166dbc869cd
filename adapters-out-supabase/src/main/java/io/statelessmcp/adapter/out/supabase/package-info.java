/**
 * Secondary adapter: sessions, pending logins and the OAuth server's codes, tokens and consents in
 * (Supabase) PostgreSQL through R2DBC, with the upstream tokens and profile encrypted at rest, a
 * short per-replica session cache in front of it, plus the in-memory twins used as the rollback
 * path. Each session store serves the narrow ports {@code SessionLookup}, {@code SessionWrites},
 * {@code UserSessions} and {@code SessionHousekeeping}; the cache serves the first three.
 *
 * <p>Public (what the bootstrap constructs with {@code new}): {@link
 * io.statelessmcp.adapter.out.supabase.KeyRing}, {@link
 * io.statelessmcp.adapter.out.supabase.SupabaseDbUrl}, {@link
 * io.statelessmcp.adapter.out.supabase.R2dbcSessionStore}, {@link
 * io.statelessmcp.adapter.out.supabase.CachingSessionStore}, {@link
 * io.statelessmcp.adapter.out.supabase.R2dbcLoginStateStore}, {@link
 * io.statelessmcp.adapter.out.supabase.InMemorySessionStore} and {@link
 * io.statelessmcp.adapter.out.supabase.InMemoryLoginStateStore}, and for the OAuth server the
 * {@code R2dbc} and {@code InMemory} {@code OAuthClientRegistry}, {@code AuthorizationCodes},
 * {@code GrantTokens} and {@code Consents}. Rows, mappers and the cipher are package-private.
 */
package io.statelessmcp.adapter.out.supabase;
