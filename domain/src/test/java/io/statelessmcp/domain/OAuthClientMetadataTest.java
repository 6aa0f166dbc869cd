package io.statelessmcp.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthClientMetadataTest {

  private static OAuthClientMetadata withRedirects(List<String> redirectUris) {
    return new OAuthClientMetadata(redirectUris, null, null, null, null, null, null, null);
  }

  private static InvalidClientMetadata refusal(Runnable build) {
    return catchThrowableOfType(InvalidClientMetadata.class, build::run);
  }

  @Test
  void absentMembersGetThisServersDefaultsForAPublicCodeFlowClient() {
    OAuthClientMetadata metadata =
        withRedirects(List.of("https://claude.ai/api/mcp/auth_callback"));

    assertThat(metadata.grantTypes()).containsExactly("authorization_code", "refresh_token");
    assertThat(metadata.responseTypes()).containsExactly("code");
    assertThat(metadata.tokenEndpointAuthMethod()).isEqualTo("none");
    assertThat(metadata.allowsRefreshTokens()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://claude.ai/api/mcp/auth_callback",
        "https://app.example.com/cb?tenant=7",
        "http://localhost:33418/oauth/callback",
        "http://127.0.0.1:6274/oauth/callback",
        "http://[::1]:8080/callback",
        "http://LOCALHOST/callback"
      })
  void acceptsHttpsAndLoopbackHttpRedirects(String uri) {
    assertThat(withRedirects(List.of(uri)).redirectUris()).containsExactly(uri);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://app.example.com/callback",
        "http://10.0.0.7/callback",
        "https://app.example.com/cb#fragment",
        "https://user:pw@app.example.com/cb",
        "javascript:alert(1)",
        "cursor://anysphere.cursor-retrieval/oauth/callback",
        "/relative/callback",
        "https://exa mple.com/cb",
        ""
      })
  void refusesOtherRedirectsAsInvalidRedirectUri(String uri) {
    InvalidClientMetadata refused =
        refusal(() -> withRedirects(List.of("https://ok.example/cb", uri)));

    assertThat(refused.concernsRedirectUris()).isTrue();
    assertThat(refused.getMessage()).startsWith("redirect_uris[1] ");
    if (!uri.isEmpty()) {
      assertThat(refused.getMessage()).as("the value is not echoed").doesNotContain(uri);
    }
  }

  @Test
  void redirectUrisAreRequiredAndBounded() {
    assertThat(refusal(() -> withRedirects(null)).getMessage())
        .isEqualTo("redirect_uris is required (at least one URI)");
    assertThat(refusal(() -> withRedirects(List.of())).concernsRedirectUris()).isTrue();

    List<String> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add("https://app.example.com/cb" + i);
    }
    assertThat(refusal(() -> withRedirects(eleven)).getMessage())
        .isEqualTo("redirect_uris may hold at most 10 URIs");
    assertThat(
            refusal(() -> withRedirects(List.of("https://a.example/" + "x".repeat(2048))))
                .getMessage())
        .isEqualTo("redirect_uris[0] is longer than 2048 characters");
  }

  @Test
  void onlyPublicClientsOfTheCodeFlow() {
    List<String> redirect = List.of("https://app.example.com/cb");

    InvalidClientMetadata secret =
        refusal(
            () ->
                new OAuthClientMetadata(
                    redirect, null, null, null, null, null, null, "client_secret_basic"));
    assertThat(secret.concernsRedirectUris()).isFalse();
    assertThat(secret.getMessage()).startsWith("token_endpoint_auth_method must be none");

    assertThat(
            refusal(
                    () ->
                        new OAuthClientMetadata(
                            redirect, null, null, null, null, List.of("implicit"), null, null))
                .getMessage())
        .isEqualTo("grant_types may hold only authorization_code and refresh_token");
    assertThat(
            refusal(
                    () ->
                        new OAuthClientMetadata(
                            redirect, null, null, null, null, List.of("refresh_token"), null, null))
                .getMessage())
        .isEqualTo("grant_types must include authorization_code");
    assertThat(
            refusal(
                    () ->
                        new OAuthClientMetadata(
                            redirect, null, null, null, null, null, List.of("code", "token"), null))
                .getMessage())
        .isEqualTo("response_types may hold only code");

    OAuthClientMetadata codeOnly =
        new OAuthClientMetadata(
            redirect, null, null, null, null, List.of("authorization_code"), null, "none");
    assertThat(codeOnly.allowsRefreshTokens()).isFalse();
  }

  @Test
  void namesAndScopesAreBoundedAndDisplayUrlsMustBeHttps() {
    List<String> redirect = List.of("https://app.example.com/cb");

    assertThat(
            refusal(
                    () ->
                        new OAuthClientMetadata(
                            redirect, "x".repeat(201), null, null, null, null, null, null))
                .getMessage())
        .isEqualTo("client_name is longer than 200 characters");
    assertThat(
            refusal(
                    () ->
                        new OAuthClientMetadata(
                            redirect, "Evil\u0007Bell", null, null, null, null, null, null))
                .getMessage())
        .isEqualTo("client_name must not contain control characters");
    assertThat(
            refusal(
                    () ->
                        new OAuthClientMetadata(
                            redirect, null, null, null, "mcp  read", null, null, null))
                .getMessage())
        .startsWith("scope must be scope tokens");

    OAuthClientMetadata shown =
        new OAuthClientMetadata(
            redirect,
            "  Claude  ",
            "http://claude.ai",
            "https://claude.ai/logo.png",
            "mcp offline_access",
            null,
            null,
            null);
    assertThat(shown.clientName()).isEqualTo("Claude");
    assertThat(shown.clientUri()).as("not https: dropped").isNull();
    assertThat(shown.logoUri()).isEqualTo("https://claude.ai/logo.png");
    assertThat(shown.scope()).isEqualTo("mcp offline_access");
  }
}
