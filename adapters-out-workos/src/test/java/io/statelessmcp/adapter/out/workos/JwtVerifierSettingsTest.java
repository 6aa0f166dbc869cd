package io.statelessmcp.adapter.out.workos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class JwtVerifierSettingsTest {

  private static final URI SUPABASE = URI.create("https://abcdefghijklmnopqrst.supabase.co/");
  private static final String SECRET = "super-secret-jwt-token-with-at-least-32-characters";

  @Test
  void supabaseSettingsFollowTheProjectUrl() {
    JwtVerifierSettings settings = JwtVerifierSettings.supabase(SUPABASE, false, SECRET);

    assertThat(settings.jwksUri())
        .isEqualTo(
            URI.create("https://abcdefghijklmnopqrst.supabase.co/auth/v1/.well-known/jwks.json"));
    assertThat(settings.issuers())
        .containsExactly("https://abcdefghijklmnopqrst.supabase.co/auth/v1");
    assertThat(settings.audiences()).containsExactly("authenticated");
    assertThat(settings.algorithms()).containsExactlyInAnyOrder("ES256", "RS256");
    assertThat(settings.hs256Secret()).as("ignored unless HS256 is enabled").isNull();
  }

  @Test
  void hs256NeedsAnExplicitFlagAndASecret() {
    assertThat(JwtVerifierSettings.supabase(SUPABASE, true, SECRET).algorithms()).contains("HS256");
    assertThatThrownBy(() -> JwtVerifierSettings.supabase(SUPABASE, true, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MCP_ALLOW_SUPABASE_HS256");
    assertThatThrownBy(() -> JwtVerifierSettings.supabase(SUPABASE, true, "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void theSecretNeverAppearsInToString() {
    assertThat(JwtVerifierSettings.supabase(SUPABASE, true, SECRET).toString())
        .doesNotContain(SECRET)
        .contains("<redacted>");
  }

  @Test
  void authKitSettingsUseTheDomainAndTheResource() {
    JwtVerifierSettings settings =
        JwtVerifierSettings.authKit(
            URI.create("https://example.authkit.app/"), "https://mcp.example.com/mcp");

    assertThat(settings.jwksUri()).isEqualTo(URI.create("https://example.authkit.app/oauth2/jwks"));
    assertThat(settings.issuers()).containsExactly("https://example.authkit.app");
    assertThat(settings.audiences()).containsExactly("https://mcp.example.com/mcp");
    assertThat(settings.algorithms()).containsExactly("RS256");
    assertThatThrownBy(() -> JwtVerifierSettings.authKit(URI.create("https://x.authkit.app"), " "))
        .hasMessageContaining("MCP_RESOURCE_URL");
  }
}
