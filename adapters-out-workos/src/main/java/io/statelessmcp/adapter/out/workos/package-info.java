/**
 * Outbound adapter to WorkOS AuthKit: the authorization URL, the code exchange and the refresh
 * ({@link io.statelessmcp.adapter.out.workos.WorkOsIdentityProvider}), and verification of signed
 * bearer tokens against a JWKS ({@link io.statelessmcp.adapter.out.workos.JwtTokenVerifier}, used
 * for Supabase access tokens and for AuthKit access tokens in resource-server mode). Also the
 * module's other outbound HTTP: OAuth Client ID Metadata Documents ({@link
 * io.statelessmcp.adapter.out.workos.HttpClientMetadataDocuments}), fetched with SSRF rules.
 *
 * <p>Public: only what bootstrap constructs. WorkOS JSON shapes stay package-private and no port
 * signature mentions them.
 */
package io.statelessmcp.adapter.out.workos;
