package io.statelessmcp.bootstrap.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of docs/architecture.md that the Maven graph cannot enforce: what the graph
 * already forbids (domain has no dependencies, no adapter module depends on another) is not
 * restated here. Every rule must be able to fail on production code, and is shown to fail on the
 * deliberately bad classes in {@code io.statelessmcp.archfixture}.
 *
 * <p>Patterns start at {@code io.statelessmcp} so that a library package with the same segment
 * (Spring Data's {@code org.springframework.data.domain}) never counts as ours.
 */
final class ArchitectureRules {

  static final String DOMAIN = "io.statelessmcp..domain..";
  static final String APPLICATION = "io.statelessmcp..application..";
  static final String PORTS = "io.statelessmcp..application.port..";
  static final String INBOUND_PORTS = "io.statelessmcp..application.port.in..";
  static final String OUTBOUND_PORTS = "io.statelessmcp..application.port.out..";
  static final String FAILURES = "io.statelessmcp..application.failure..";
  static final String SERVICES = "io.statelessmcp..application.service..";
  static final String INBOUND_ADAPTERS = "io.statelessmcp..adapter.in..";
  static final String OUTBOUND_ADAPTERS = "io.statelessmcp..adapter.out..";

  /**
   * Beyond Maven: reactor-core also ships reactor.util (Context, Retry, Logger), and brings
   * jspecify; the JDK has javax, jdk and sun packages. Maven alone keeps Reactor out of the domain.
   */
  static final ArchRule CORE_USES_ONLY_THE_JDK_AND_REACTOR_CORE =
      classes()
          .that()
          .resideInAnyPackage(DOMAIN, APPLICATION)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "javax.crypto..", // the JDK's HMAC (Sha256.hmac)
              "reactor.core..",
              "org.reactivestreams..",
              DOMAIN,
              APPLICATION)
          .because("the core is plain Java plus Mono and Flux: no framework, no Reactor extras");

  static final ArchRule INBOUND_ADAPTERS_USE_ONLY_THE_INBOUND_SIDE =
      noClasses()
          .that()
          .resideInAPackage(INBOUND_ADAPTERS)
          .should()
          .dependOnClassesThat(applicationExcept(INBOUND_PORTS, FAILURES))
          .because("a driving adapter goes through a use case, never around it to a driven port");

  static final ArchRule OUTBOUND_ADAPTERS_USE_ONLY_THE_OUTBOUND_SIDE =
      noClasses()
          .that()
          .resideInAPackage(OUTBOUND_ADAPTERS)
          .should()
          .dependOnClassesThat(applicationExcept(OUTBOUND_PORTS, FAILURES))
          .because("a driven adapter implements a port and never calls back into a use case");

  static final ArchRule PORTS_DO_NOT_DEPEND_ON_SERVICES =
      noClasses()
          .that()
          .resideInAPackage(PORTS)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(SERVICES)
          .because("a port is a contract and must not name the service behind it");

  static final ArchRule INBOUND_AND_OUTBOUND_PORTS_ARE_INDEPENDENT =
      slices()
          .matching("io.statelessmcp..application.port.(*)..")
          .should()
          .notDependOnEachOther()
          .because(
              "what callers ask and what the core needs change apart; shared types are domain");

  private static final DescribedPredicate<JavaClass> ROWS_AND_WIRE_DTOS =
      DescribedPredicate.describe(
          "persistence rows and WorkOS wire DTOs",
          c ->
              c.getPackageName().contains(".adapter.")
                  && (c.getSimpleName().endsWith("Row")
                      || c.getSimpleName().endsWith("Dto")
                      || (c.getPackageName().contains(".adapter.out.workos")
                          && c.getSimpleName().startsWith("WorkOs")
                          && (c.getSimpleName().endsWith("Request")
                              || c.getSimpleName().endsWith("Response")
                              || c.getSimpleName().endsWith("Body")))));

  static final ArchRule ROWS_AND_DTOS_STAY_INSIDE_THEIR_ADAPTER =
      classes()
          .that(ROWS_AND_WIRE_DTOS)
          .should()
          .notBePublic()
          .because("they are details of one adapter; no port signature may mention them");

  private static DescribedPredicate<JavaClass> applicationExcept(String... allowedPackages) {
    return resideInAPackage(APPLICATION).and(not(resideInAnyPackage(allowedPackages)));
  }

  private ArchitectureRules() {}
}
