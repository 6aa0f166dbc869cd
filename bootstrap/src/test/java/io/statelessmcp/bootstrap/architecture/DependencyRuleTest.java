package io.statelessmcp.bootstrap.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the production classes of every module against the architecture rules. */
class DependencyRuleTest {

  /** The test-jars on this classpath (domain's test support, the WorkOS fakes) hold tests too. */
  private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TEST_FIXTURES)
            .withImportOption(location -> !location.matches(TEST_JAR))
            .importPackages("io.statelessmcp");
  }

  @Test
  void domainUsesOnlyTheJdk() {
    ArchitectureRules.DOMAIN_USES_ONLY_THE_JDK.check(production);
  }

  @Test
  void applicationUsesOnlyJdkReactorAndDomain() {
    ArchitectureRules.APPLICATION_USES_ONLY_JDK_REACTOR_AND_DOMAIN.check(production);
  }

  @Test
  void noSpringInDomainOrApplication() {
    ArchitectureRules.NO_SPRING_IN_THE_CORE.check(production);
  }

  @Test
  void inboundAdapterDependsOnNoOutboundAdapter() {
    ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER.check(production);
  }

  @Test
  void supabaseAdapterDependsOnNoOtherAdapter() {
    ArchitectureRules.OUTBOUND_ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER.check(production);
  }

  @Test
  void workOsAdapterDependsOnNoOtherAdapter() {
    ArchitectureRules.WORKOS_ADAPTER_DEPENDS_ON_NO_OTHER_ADAPTER.check(production);
  }

  @Test
  void adaptersUsePortsNotServices() {
    ArchitectureRules.ADAPTERS_USE_PORTS_NOT_SERVICES.check(production);
  }

  @Test
  void rowsAndDtosArePackagePrivate() {
    ArchitectureRules.ROWS_AND_DTOS_STAY_INSIDE_THEIR_ADAPTER.check(production);
  }
}
