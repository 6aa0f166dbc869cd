package io.statelessmcp.adapter.out.supabase;

/** The contract on plain PostgreSQL, the app connected as the superuser that migrated. */
class R2dbcSessionStoreAsSuperuserTest extends R2dbcSessionStoreContractBase {

  @Override
  TestDatabase database() {
    return TestDatabases.plainSuperuser();
  }
}
