package io.statelessmcp.adapter.out.supabase;

import java.util.Map;
import java.util.function.BiPredicate;
import reactor.core.publisher.Mono;

/** What the in-memory stores share: inserting only what is new, and the purge. */
final class InMemoryMaps {

  private InMemoryMaps() {}

  /** Stores {@code value} under a key not yet taken; a taken key fails with {@code clash}. */
  static <K, V> Mono<V> insertNew(Map<K, V> map, K key, V value, String clash) {
    return Mono.fromCallable(
        () -> {
          if (map.putIfAbsent(key, value) != null) {
            throw new IllegalStateException(clash);
          }
          return value;
        });
  }

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
