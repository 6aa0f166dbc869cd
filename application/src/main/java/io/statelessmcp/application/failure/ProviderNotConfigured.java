package io.statelessmcp.application.failure;

import java.util.List;

/**
 * No identity provider can sign users in: a setup problem with a known fix, not an outage. Callers
 * are told which settings are missing and what else would work, and are not asked to retry.
 *
 * @see #missingSettings()
 */
public final class ProviderNotConfigured extends ServiceFailure {

  private final List<String> missingSettings;
  private final String advice;

  /**
   * @param missingSettings the settings that would make sign-in work, e.g. {@code WORKOS_CLIENT_ID}
   * @param advice one sentence on the alternative, shown after the settings
   */
  public ProviderNotConfigured(List<String> missingSettings, String advice) {
    super(
        Kind.PROVIDER_NOT_CONFIGURED,
        "sign-in is not configured: set " + String.join(" and ", missingSettings) + ". " + advice);
    this.missingSettings = List.copyOf(missingSettings);
    this.advice = advice;
  }

  /** The settings an operator must set, by their environment names. */
  public List<String> missingSettings() {
    return missingSettings;
  }

  /** What else would let users sign in, such as the development sign-in. */
  public String advice() {
    return advice;
  }
}
