package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.domain.UserId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs statements as a user, the way PostgREST does: inside one transaction, {@code SET LOCAL ROLE
 * authenticated} and the JWT claims in {@code request.jwt.claims} (transaction-local), so the
 * table's row-level security decides what the user sees. Both settings end with the transaction, so
 * nothing leaks to the next user of a pooled connection, and it works behind a transaction-mode
 * pooler (Supabase's port 6543).
 */
final class RlsScope {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DatabaseClient db;
  private final TransactionalOperator transactions;

  RlsScope(DatabaseClient db, TransactionalOperator transactions) {
    this.db = db;
    this.transactions = transactions;
  }

  <T> Flux<T> many(UserId user, Supplier<Flux<T>> statements) {
    return transactions.transactional(becomeUser(user).thenMany(Flux.defer(statements)));
  }

  <T> Mono<T> one(UserId user, Supplier<Mono<T>> statement) {
    return transactions.transactional(becomeUser(user).then(Mono.defer(statement)));
  }

  private Mono<Void> becomeUser(UserId user) {
    return db.sql("SET LOCAL ROLE authenticated")
        .then()
        .then(
            db.sql("SELECT set_config('request.jwt.claims', $1, true)")
                .bind(0, claims(user))
                .then());
  }

  static String claims(UserId user) {
    Map<String, String> claims = new LinkedHashMap<>();
    claims.put("sub", user.value());
    claims.put("role", "authenticated");
    return JSON.writeValueAsString(claims);
  }
}
