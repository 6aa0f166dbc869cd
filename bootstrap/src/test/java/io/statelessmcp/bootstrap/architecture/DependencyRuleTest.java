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
  void coreUsesOnlyTheJdkAndReactorCore() {
    ArchitectureRules.CORE_USES_ONLY_THE_JDK_AND_REACTOR_CORE.check(production);
  }

  @Test
  void inboundAdaptersUseOnlyUseCasesAndFailures() {
    ArchitectureRules.INBOUND_ADAPTERS_USE_ONLY_THE_INBOUND_SIDE.check(production);
  }

  @Test
  void outboundAdaptersUseOnlyDrivenPortsAndFailures() {
    ArchitectureRules.OUTBOUND_ADAPTERS_USE_ONLY_THE_OUTBOUND_SIDE.check(production);
  }

  @Test
  void portsDoNotDependOnServices() {
    ArchitectureRules.PORTS_DO_NOT_DEPEND_ON_SERVICES.check(production);
  }

  @Test
  void inboundAndOutboundPortsAreIndependent() {
    ArchitectureRules.INBOUND_AND_OUTBOUND_PORTS_ARE_INDEPENDENT.check(production);
  }

  @Test
  void rowsAndDtosArePackagePrivate() {
    ArchitectureRules.ROWS_AND_DTOS_STAY_INSIDE_THEIR_ADAPTER.check(production);
  }
}
