package io.statelessmcp.adapter.out.supabase;

import java.util.Map;
import java.util.function.BiPredicate;

/** The purge of the in-memory stores: what their {@code deleteExpired} share. */
final class InMemoryPurge {

  private InMemoryPurge() {}

  /**
   * Removes up to {@code limit} entries that {@code expired} picks, each only while it still holds
   * the value judged (one a concurrent writer replaced stays); returns how many were removed.
   */
  static <K, V> int removeExpired(Map<K, V> map, int limit, BiPredicate<K, V> expired) {
    int deleted = 0;
    for (Map.Entry<K, V> entry : map.entrySet()) {
      if (deleted >= limit) {
        break;
      }
      if (expired.test(entry.getKey(), entry.getValue())
          && map.remove(entry.getKey(), entry.getValue())) {
        deleted++;
      }
    }
    return deleted;
  }
}
