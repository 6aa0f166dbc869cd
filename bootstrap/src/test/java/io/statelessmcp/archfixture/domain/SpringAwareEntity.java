package io.statelessmcp.archfixture.domain;

import org.springframework.util.StringUtils;

/** Deliberately breaks the domain rule: a domain class that uses Spring. */
public class SpringAwareEntity {

  public boolean hasName(String name) {
    return StringUtils.hasText(name);
  }
}
