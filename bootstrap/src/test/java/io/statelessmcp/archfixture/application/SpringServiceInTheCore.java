package io.statelessmcp.archfixture.application;

import org.springframework.stereotype.Service;

/** Deliberately breaks the application rules: a use case annotated for Spring. */
@Service
public class SpringServiceInTheCore {}
