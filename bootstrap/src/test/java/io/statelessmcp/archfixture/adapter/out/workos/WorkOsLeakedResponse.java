package io.statelessmcp.archfixture.adapter.out.workos;

/** Deliberately breaks the visibility rule: a WorkOS DTO made public. */
public record WorkOsLeakedResponse(String userId) {}
