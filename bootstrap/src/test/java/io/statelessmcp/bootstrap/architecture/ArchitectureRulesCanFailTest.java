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
  void domainRuleCatchesAFrameworkImport() {
    assertThatThrownBy(() -> ArchitectureRules.DOMAIN_USES_ONLY_THE_JDK.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SpringAwareEntity")
        .hasMessageContaining("org.springframework");
  }

  @Test
  void applicationRuleCatchesAFrameworkImport() {
    assertThatThrownBy(
            () -> ArchitectureRules.APPLICATION_USES_ONLY_JDK_REACTOR_AND_DOMAIN.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SpringServiceInTheCore");
  }

  @Test
  void noSpringRuleCatchesBothLayers() {
    assertThatThrownBy(() -> ArchitectureRules.NO_SPRING_IN_THE_CORE.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SpringAwareEntity")
        .hasMessageContaining("SpringServiceInTheCore");
  }

  @Test
  void adapterRulesCatchAnAdapterReachingIntoAnother() {
    assertThatThrownBy(
            () -> ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("HandlerReadingRows");
    assertThatThrownBy(
            () -> ArchitectureRules.OUTBOUND_ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("StoreCallingWorkOs");
    assertThatThrownBy(
            () -> ArchitectureRules.WORKOS_ADAPTER_DEPENDS_ON_NO_OTHER_ADAPTER.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ClientWritingRows");
  }

  @Test
  void serviceRuleCatchesAnAdapterCallingAService() {
    assertThatThrownBy(() -> ArchitectureRules.ADAPTERS_USE_PORTS_NOT_SERVICES.check(badClasses))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("HandlerReadingRows");
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
