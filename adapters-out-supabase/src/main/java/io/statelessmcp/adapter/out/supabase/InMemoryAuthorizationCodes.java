package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.SecretHash;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * Authorization codes in process memory, for {@code MCP_SESSION_STORE=memory}: a code issued on one
 * replica cannot be redeemed on another. Expired codes are dropped as new ones are saved.
 */
public final class InMemoryAuthorizationCodes implements AuthorizationCodes {

  private final Map<SecretHash, AuthorizationCode> codes = new ConcurrentHashMap<>();
  private final InMemoryPurge purge = new InMemoryPurge();

  @Override
  public Mono<Void> save(AuthorizationCode code) {
    return InMemoryMaps.insertNew(
            codes, code.codeHash(), code, "an authorization code with this hash already exists")
        .doOnNext(
            saved ->
                purge.ifDue(
                    code.createdAt(),
                    now ->
                        InMemoryMaps.removeExpired(
                            codes, Integer.MAX_VALUE, (hash, stored) -> stored.isExpiredAt(now))))
        .then();
  }

  @Override
  public Mono<AuthorizationCode> find(SecretHash codeHash) {
    return Mono.fromSupplier(() -> codeHash == null ? null : codes.get(codeHash));
  }

  @Override
  public Mono<Boolean> markUsed(SecretHash codeHash, Instant now) {
    if (codeHash == null) {
      return Mono.just(false);
    }
    return Mono.fromSupplier(
        () -> {
          AtomicBoolean marked = new AtomicBoolean();
          codes.computeIfPresent(
              codeHash,
              (hash, code) -> {
                if (code.isUsed()) {
                  return code;
                }
                marked.set(true);
                return code.usedAt(now);
              });
          return marked.get();
        });
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now) {
    return Mono.fromSupplier(
        () ->
            InMemoryMaps.removeExpired(
                codes, Integer.MAX_VALUE, (hash, code) -> code.isExpiredAt(now)));
  }

  @Override
  public String toString() {
    return "InMemoryAuthorizationCodes[codes=" + codes.size() + "]";
  }
}
