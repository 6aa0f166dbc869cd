package io.statelessmcp.archfixture.adapter.out.workos;

import io.statelessmcp.archfixture.adapter.out.supabase.PublicSessionRow;

/** Deliberately breaks the adapter rule: the WorkOS client writes persistence rows. */
public class ClientWritingRows {

  public PublicSessionRow row() {
    return new PublicSessionRow("x");
  }
}
