package io.statelessmcp.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReturnToAllowListTest {

  private final ReturnToAllowList allowList =
      new ReturnToAllowList(
          List.of("https://app.example.com/done", "https://console.example.com/*"));

  @ParameterizedTest(name = "{0} allowed={1}")
  @CsvSource({
    "https://app.example.com/done, true",
    "https://app.example.com/done?x=1, false",
    "https://app.example.com/other, false",
    "https://console.example.com/, true",
    "https://console.example.com/settings/mcp, true",
    "https://console.example.com/a/../../evil, false",
    "https://console.example.com.evil.net/, false",
    "https://user@console.example.com/, false",
    "http://console.example.com/, false",
    "https://console.example.com:8443/, false",
    "//console.example.com/, false",
    "javascript:alert(1), false",
    "/relative, false"
  })
  void allowsOnlyListedDestinations(String returnTo, boolean allowed) {
    assertThat(allowList.allows(returnTo)).isEqualTo(allowed);
  }

  @Test
  void anEmptyListAllowsNothing() {
    assertThat(ReturnToAllowList.none().allows("https://app.example.com/done")).isFalse();
  }

  @Test
  void refusesEntriesThatAreNotAbsoluteUrls() {
    assertThatThrownBy(() -> new ReturnToAllowList(List.of("example.com")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
