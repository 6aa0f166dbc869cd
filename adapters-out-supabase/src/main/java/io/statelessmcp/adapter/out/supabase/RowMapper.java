package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.domain.AuthorizationRequest;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionSummary;
import io.statelessmcp.domain.UserId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.mapstruct.BeanMapping;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.ReportingPolicy;

/**
 * Row to domain and back: ids, timestamps, client metadata. The encrypted parts arrive already
 * sealed or opened; this mapper never sees a key.
 */
@Mapper(unmappedTargetPolicy = ReportingPolicy.ERROR)
interface RowMapper {

  // Session's withX(..) methods look like fluent setters to MapStruct; the record is built through
  // its canonical constructor, and the stores' round-trip tests compare every component.
  @BeanMapping(unmappedTargetPolicy = ReportingPolicy.IGNORE)
  @Mapping(target = "id", source = "row.sessionId")
  @Mapping(target = "tokens", source = "secrets.tokens")
  @Mapping(target = "profile", source = "secrets.profile")
  @Mapping(target = "client", source = "row")
  Session toSession(SessionRow row, SessionSecrets secrets);

  @Mapping(target = "sessionId", source = "session.id")
  @Mapping(target = "tokenCiphertext", source = "sealed.bytes")
  @Mapping(target = "keyId", source = "sealed.keyId")
  @Mapping(target = "userAgent", source = "session.client.userAgent")
  @Mapping(target = "ip", source = "session.client.ip")
  @Mapping(target = "clientId", source = "session.client.oauthClientId")
  SessionRow toRow(Session session, AesGcm.Sealed sealed);

  @Mapping(target = "id", source = "sessionId")
  @Mapping(target = "oauthClientId", source = "clientId")
  @Mapping(target = "clientName", ignore = true)
  SessionSummary toSummary(SessionSummaryRow row);

  @Mapping(target = "codeVerifier", source = "codeVerifier")
  @Mapping(target = "authorization", source = "row")
  LoginState toLoginState(LoginStateRow row, String codeVerifier);

  @Mapping(target = "stateHash", source = "state.stateHash")
  @Mapping(target = "codeVerifierCiphertext", source = "sealed.bytes")
  @Mapping(target = "keyId", source = "sealed.keyId")
  @Mapping(target = "oauthClientId", source = "state.authorization.clientId")
  @Mapping(target = "oauthRedirectUri", source = "state.authorization.redirectUri")
  @Mapping(target = "oauthCodeChallenge", source = "state.authorization.codeChallenge")
  @Mapping(target = "oauthState", source = "state.authorization.state")
  @Mapping(target = "oauthResource", source = "state.authorization.resource")
  @Mapping(target = "oauthScope", source = "state.authorization.scope")
  LoginStateRow toRow(LoginState state, AesGcm.Sealed sealed);

  default ClientMetadata client(SessionRow row) {
    return new ClientMetadata(row.userAgent(), row.ip(), row.clientId());
  }

  /** The client's request, when the login answers one (the columns are all set or all null). */
  default AuthorizationRequest authorization(LoginStateRow row) {
    if (row.oauthClientId() == null) {
      return null;
    }
    return new AuthorizationRequest(
        row.oauthClientId(),
        row.oauthRedirectUri(),
        row.oauthCodeChallenge(),
        row.oauthState(),
        row.oauthResource(),
        row.oauthScope());
  }

  default SessionId sessionId(String value) {
    return value == null ? null : new SessionId(value);
  }

  default String sessionId(SessionId id) {
    return id == null ? null : id.value();
  }

  default UserId userId(String value) {
    return value == null ? null : new UserId(value);
  }

  default String userId(UserId id) {
    return id == null ? null : id.value();
  }

  default SecretHash secretHash(byte[] bytes) {
    return bytes == null ? null : new SecretHash(bytes);
  }

  default byte[] secretHash(SecretHash hash) {
    return hash == null ? null : hash.bytes();
  }

  default Instant instant(OffsetDateTime timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  default OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
