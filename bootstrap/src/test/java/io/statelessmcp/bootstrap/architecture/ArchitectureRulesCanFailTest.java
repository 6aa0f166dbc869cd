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
}
