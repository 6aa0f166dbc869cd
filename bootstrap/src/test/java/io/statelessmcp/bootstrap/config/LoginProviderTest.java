package io.statelessmcp.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who signs users in, for every combination of WorkOS, database and the test aid. */
class LoginProviderTest {

  private static final String SUPABASE =
      "postgresql://postgres:secret@db.abcdefghijkl.supabase.co:5432/postgres";
  private static final String LOCAL = "postgresql://postgres:postgres@localhost:5432/postgres";

  @ParameterizedTest(name = "WorkOS {0}, SUPABASE_DB_URL {1}, aid {2}: {3}")
  @CsvSource(
      nullValues = "none",
      value = {
        "true,  none,     none,  WORKOS",
        "true,  SUPABASE, none,  WORKOS",
        "true,  LOCAL,    true,  WORKOS",
        "false, none,     none,  DEVELOPMENT",
        "false, none,     false, DEVELOPMENT",
        "false, SUPABASE, none,  NONE",
        "false, SUPABASE, false, NONE",
        "false, LOCAL,    none,  NONE",
        "false, LOCAL,    true,  DEVELOPMENT"
      })
  void theDevelopmentSignInIsOnOnlyWithoutWorkOsAndWithoutARealDatabase(
      boolean workOs, String database, String aid, LoginProvider expected) {
    String url = database == null ? null : database.equals("LOCAL") ? LOCAL : SUPABASE;

    assertThat(LoginProvider.choose(workOs, url, aid)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theTestAidWithARealDatabaseFailsTheStartNamingTheSetting(boolean workOs) {
    assertThatThrownBy(() -> LoginProvider.choose(workOs, SUPABASE, "true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("MCP_DEV_SIGN_IN_ALLOW_LOOPBACK_DB =true is a test aid")
        .hasMessageContaining("never used with another database")
        .hasMessageNotContaining("secret");
  }

  @ParameterizedTest
  @CsvSource({
    "localhost, true",
    "LOCALHOST, true",
    "127.0.0.1, true",
    "127.1.2.3, true",
    "[::1], true",
    "::1, true",
    "localhost.example.com, false",
    "127.0.0.1.nip.io, false",
    "10.0.0.5, false",
    "db.abcdefghijkl.supabase.co, false",
    "128.0.0.1, false"
  })
  void onlyLiteralLoopbackHostsCount(String host, boolean loopback) {
    assertThat(LoginProvider.isLoopback(host)).isEqualTo(loopback);
  }

  @ParameterizedTest
  @CsvSource({"WORKOS, true", "DEVELOPMENT, true", "NONE, false"})
  void theAuthorizationServerIsTheDefaultWheneverSomeoneSignsUsersIn(
      LoginProvider provider, boolean signsIn) {
    assertThat(provider.signsUsersIn()).isEqualTo(signsIn);
    assertThat(OAuthProperties.authMode(null, provider.signsUsersIn(), false))
        .isEqualTo(signsIn ? OAuthProperties.AuthMode.PROXY : OAuthProperties.AuthMode.AUTHKIT);
    assertThat(OAuthProperties.authMode("", provider.signsUsersIn(), true))
        .as("WORKOS_AUTHKIT_DOMAIN keeps resource-server mode")
        .isEqualTo(OAuthProperties.AuthMode.AUTHKIT);
  }
}
