package io.statelessmcp.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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

  static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER =
      noClasses()
          .that()
          .resideInAPackage(HTTP_ADAPTER)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SUPABASE_ADAPTER, WORKOS_ADAPTER)
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("..adapter.out..")
          .because("adapters meet only through the application's ports");

  static final ArchRule OUTBOUND_ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER =
      noClasses()
          .that()
          .resideInAPackage(SUPABASE_ADAPTER)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(WORKOS_ADAPTER, HTTP_ADAPTER)
          .because("adapters meet only through the application's ports");

  static final ArchRule WORKOS_ADAPTER_DEPENDS_ON_NO_OTHER_ADAPTER =
      noClasses()
          .that()
          .resideInAPackage(WORKOS_ADAPTER)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SUPABASE_ADAPTER, HTTP_ADAPTER)
          .because("adapters meet only through the application's ports");

  static final ArchRule ADAPTERS_USE_PORTS_NOT_SERVICES =
      noClasses()
          .that()
          .resideInAPackage("..adapter..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(APPLICATION_SERVICES)
          .because("an adapter drives or implements a port; services are wired in bootstrap");

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

  private ArchitectureRules() {}
}
