package io.statelessmcp.adapter.out.supabase;

/**
 * The contract with the app connected as a role shaped like Supabase's {@code postgres}: not a
 * superuser, no BYPASSRLS, owner of the tables under FORCE ROW LEVEL SECURITY, a member of
 * service_role and authenticated. Prepared statement cache off, as behind a transaction pooler.
 */
class R2dbcSessionStoreAsSupabaseLikeRoleTest extends R2dbcSessionStoreContractBase {

  @Override
  TestDatabase database() {
    return TestDatabases.supabaseLike();
  }
}
