package io.statelessmcp.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every rule must be able to fail: each is run against deliberately bad classes in test sources and
 * must report them.
 */
class ArchitectureRulesCanFailTest {

  private static JavaClasses badClasses;

  @BeforeAll
  static void importFixtures() {
    badClasses = new ClassFileImporter().importPackages("io.statelessmcp.archfixture");
  }

  @Test
  void coreRuleCatchesSpringInEitherLayer() {
    assertThatThrownBy(
            () -> ArchitectureRules.CORE_USES_ONLY_THE_JDK_AND_REACTOR_CORE.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SpringAwareEntity")
        .hasMessageContaining("SpringServiceInTheCore")
        .hasMessageContaining("org.springframework");
  }

  @Test
  void coreRuleCatchesReactorBeyondItsPublishers() {
    assertThatThrownBy(
            () -> ArchitectureRules.CORE_USES_ONLY_THE_JDK_AND_REACTOR_CORE.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("RetryingService")
        .hasMessageContaining("reactor.util.retry.Retry")
        .hasMessageNotContaining("archfixture.application.port.out.TokenChecker")
        .hasMessageNotContaining("archfixture.application.port.in.SignIn");
  }

  @Test
  void inboundRuleCatchesAnAdapterUsingADrivenPort() {
    assertThatThrownBy(
            () -> ArchitectureRules.INBOUND_ADAPTERS_USE_ONLY_THE_INBOUND_SIDE.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("FilterVerifyingTokensItself")
        .hasMessageContaining("TokenChecker");
  }

  @Test
  void inboundRuleCatchesAnAdapterCallingAService() {
    assertThatThrownBy(
            () -> ArchitectureRules.INBOUND_ADAPTERS_USE_ONLY_THE_INBOUND_SIDE.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("HandlerCallingAService")
        .hasMessageContaining("LoginService");
  }

  @Test
  void outboundRuleCatchesAnAdapterCallingAUseCaseOrAService() {
    assertThatThrownBy(
            () -> ArchitectureRules.OUTBOUND_ADAPTERS_USE_ONLY_THE_OUTBOUND_SIDE.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("StoreCallingAUseCase")
        .hasMessageContaining("ClientCallingAService");
  }

  @Test
  void portRuleCatchesAPortNamingItsService() {
    assertThatThrownBy(() -> ArchitectureRules.PORTS_DO_NOT_DEPEND_ON_SERVICES.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("UseCaseExposingItsService");
  }

  @Test
  void portSidesRuleCatchesEitherDirection() {
    assertThatThrownBy(
            () -> ArchitectureRules.INBOUND_AND_OUTBOUND_PORTS_ARE_INDEPENDENT.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("UseCaseTakingADrivenPort")
        .hasMessageContaining("PortReturningAUseCase");
  }

  @Test
  void visibilityRuleCatchesAPublicRow() {
    assertThatThrownBy(
            () -> ArchitectureRules.ROWS_AND_DTOS_STAY_INSIDE_THEIR_ADAPTER.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("PublicSessionRow")
        .hasMessageContaining("WorkOsLeakedResponse");
  }
}
