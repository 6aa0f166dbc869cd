package io.statelessmcp.archfixture.adapter.out.supabase;

/** Deliberately breaks the visibility rule: a persistence row visible outside its adapter. */
public record PublicSessionRow(String sessionId) {}
