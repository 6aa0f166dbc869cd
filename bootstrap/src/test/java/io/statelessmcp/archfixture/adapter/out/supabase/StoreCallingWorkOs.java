package io.statelessmcp.archfixture.adapter.out.supabase;

import io.statelessmcp.archfixture.adapter.out.workos.WorkOsLeakedResponse;

/** Deliberately breaks the adapter rule: the store talks to the WorkOS adapter directly. */
public class StoreCallingWorkOs {

  public String userOf(WorkOsLeakedResponse response) {
    return response.userId();
  }
}
