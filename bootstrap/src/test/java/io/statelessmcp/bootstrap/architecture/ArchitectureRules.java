package io.statelessmcp.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of docs/architecture.md, beyond what the Maven graph already enforces. Package
 * patterns rather than exact names, so the same rules can be shown to fail on the deliberately bad
 * classes in {@code io.statelessmcp.archfixture}.
 */
final class ArchitectureRules {

  static final String DOMAIN = "..domain..";
  static final String APPLICATION = "..application..";
  static final String APPLICATION_SERVICES = "..application.service..";
  static final String HTTP_ADAPTER = "..adapter.in.http..";
  static final String SUPABASE_ADAPTER = "..adapter.out.supabase..";
  static final String WORKOS_ADAPTER = "..adapter.out.workos..";

  static final ArchRule DOMAIN_USES_ONLY_THE_JDK =
      classes()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", DOMAIN)
          .because("the domain is plain Java: no framework, no Reactor, no Jackson");

  static final ArchRule APPLICATION_USES_ONLY_JDK_REACTOR_AND_DOMAIN =
      classes()
          .that()
          .resideInAPackage(APPLICATION)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "reactor..", "org.reactivestreams..", DOMAIN, APPLICATION)
          .because("use cases and ports know nothing of Spring, HTTP, SQL or WorkOS");

  static final ArchRule NO_SPRING_IN_THE_CORE =
      noClasses()
          .that()
          .resideInAnyPackage(DOMAIN, APPLICATION)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.springframework..")
          .because("services are built with new in bootstrap's @Configuration classes");

  private ArchitectureRules() {}
}
