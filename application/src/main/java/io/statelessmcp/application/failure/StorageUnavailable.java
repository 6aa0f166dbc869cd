package io.statelessmcp.application.failure;

/**
 * The session store could not be read or written within its deadline: a fault of ours, never a
 * reason to tell the caller their credential is bad.
 */
public final class StorageUnavailable extends ServiceFailure {

  public StorageUnavailable(String detail) {
    super(Kind.STORAGE_UNAVAILABLE, "session storage unavailable, retry shortly (" + detail + ")");
  }
}
