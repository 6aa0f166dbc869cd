package io.statelessmcp.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An OAuth client of this authorization server: registered here (RFC 7591 Dynamic Client
 * Registration) or known by its Client ID Metadata Document, whose URL is its {@code client_id}.
 *
 * @param clientId {@code dcr_} and 22 random base64url characters, or the document's URL
 * @param lastUsedAt the last authorization of the client, or null
 * @param expiresAt after this the row may be deleted, unless a session names the client; an unused
 *     registration expires after {@link #UNUSED_REGISTRATION_LIFETIME}, each use pushes it to
 *     {@link #IDLE_LIFETIME} ahead
 * @param cacheUntil metadata documents only: the fetched copy is used until then
 */
public record OAuthClient(
    String clientId,
    Registration registration,
    OAuthClientMetadata metadata,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    Instant cacheUntil) {

  /** How a client became known. */
  public enum Registration {
    /** RFC 7591 Dynamic Client Registration at {@code /register}. */
    DCR,
    /** A Client ID Metadata Document: {@code client_id} is an https URL serving the metadata. */
    CIMD
  }

  public static final Duration UNUSED_REGISTRATION_LIFETIME = Duration.ofDays(1);
  public static final Duration IDLE_LIFETIME = Duration.ofDays(30);

  /** A use is recorded at most this often, so a busy client costs one write an hour. */
  public static final Duration TOUCH_INTERVAL = Duration.ofHours(1);

  /** A document is fetched again at most this often, whatever its Cache-Control says. */
  public static final Duration MIN_DOCUMENT_CACHE = Duration.ofMinutes(5);

  /** Used for a document that sent no max-age. */
  public static final Duration DEFAULT_DOCUMENT_CACHE = Duration.ofHours(1);

  /** A document is fetched again at least this often, so a changed document takes effect. */
  public static final Duration MAX_DOCUMENT_CACHE = Duration.ofHours(24);

  public static final int MAX_DOCUMENT_URL_LENGTH = 2048;

  private static final String DCR_PREFIX = "dcr_";
  private static final int DCR_ID_BYTES = 16;

  public OAuthClient {
    Required.nonNull(clientId, registration, metadata, createdAt, expiresAt);
    if ((registration == Registration.CIMD) != (cacheUntil != null)) {
      throw new IllegalArgumentException("cacheUntil is set for metadata documents only");
    }
  }

  /** A new registration, with a fresh random id. */
  public static OAuthClient registered(OAuthClientMetadata metadata, Instant now) {
    return new OAuthClient(
        DCR_PREFIX + RandomTokens.urlSafe(DCR_ID_BYTES),
        Registration.DCR,
        metadata,
        now,
        null,
        now.plus(UNUSED_REGISTRATION_LIFETIME),
        null);
  }

  /**
   * A client as its metadata document described it when fetched at {@code now}.
   *
   * @param maxAge the document's Cache-Control max-age (zero for no-store or no-cache), or empty
   */
  public static OAuthClient fromDocument(
      URI documentUrl, OAuthClientMetadata metadata, Optional<Duration> maxAge, Instant now) {
    return new OAuthClient(
        documentUrl.toString(),
        Registration.CIMD,
        metadata,
        now,
        null,
        now.plus(IDLE_LIFETIME),
        now.plus(documentCacheLifetime(maxAge)));
  }

  /** max-age bounded to [{@link #MIN_DOCUMENT_CACHE}, {@link #MAX_DOCUMENT_CACHE}]. */
  public static Duration documentCacheLifetime(Optional<Duration> maxAge) {
    Duration wanted = maxAge.orElse(DEFAULT_DOCUMENT_CACHE);
    if (wanted.compareTo(MIN_DOCUMENT_CACHE) < 0) {
      return MIN_DOCUMENT_CACHE;
    }
    return wanted.compareTo(MAX_DOCUMENT_CACHE) > 0 ? MAX_DOCUMENT_CACHE : wanted;
  }

  /** Whether a {@code client_id} names a metadata document rather than a registration. */
  public static boolean namesMetadataDocument(String clientId) {
    return clientId != null && (clientId.startsWith("https://") || clientId.startsWith("http://"));
  }

  /**
   * The document URL a {@code client_id} names, checked against the rules of Client ID Metadata
   * Documents: absolute, with a host and a path, without fragment, user info or dot segments.
   * Whether plain http may be fetched is the fetcher's decision (never, outside tests).
   *
   * @throws InvalidClientMetadata naming the rule the {@code client_id} breaks
   */
  public static URI metadataDocumentUrl(String clientId) {
    if (!namesMetadataDocument(clientId)) {
      throw InvalidClientMetadata.member("client_id is not a URL");
    }
    if (clientId.length() > MAX_DOCUMENT_URL_LENGTH) {
      throw InvalidClientMetadata.member(
          "a client_id URL may be at most " + MAX_DOCUMENT_URL_LENGTH + " characters");
    }
    URI url;
    try {
      url = new URI(clientId);
    } catch (URISyntaxException e) {
      throw InvalidClientMetadata.member("client_id is not a valid URL");
    }
    String path = url.getRawPath();
    if (url.getHost() == null
        || url.getRawUserInfo() != null
        || clientId.indexOf('#') >= 0
        || path == null
        || path.isEmpty()
        || path.equals("/")) {
      throw InvalidClientMetadata.member(
          "a client_id URL must have a host and a path, and no fragment or user information");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw InvalidClientMetadata.member("a client_id URL must not contain . or .. segments");
      }
    }
    return url;
  }

  /** A registration can be used strictly before it expires; a document's client always can. */
  public boolean isUsableAt(Instant now) {
    return registration == Registration.CIMD || now.isBefore(expiresAt);
  }

  /** A document's copy is used strictly before {@code cacheUntil}, then fetched again. */
  public boolean needsFetchAt(Instant now) {
    return registration == Registration.CIMD && !now.isBefore(cacheUntil);
  }

  /** This client after a use at {@code now}: it stays at least {@link #IDLE_LIFETIME}. */
  public OAuthClient usedAt(Instant now) {
    return new OAuthClient(
        clientId,
        registration,
        metadata,
        createdAt,
        now,
        later(expiresAt, now.plus(IDLE_LIFETIME)),
        cacheUntil);
  }

  /**
   * This stored copy of a metadata document after the document was fetched again: the fetched
   * metadata and cache time, the same first sight and last use, and the later expiry. A
   * registration is never replaced by a document.
   */
  public OAuthClient refetched(OAuthClient fetched) {
    if (registration != Registration.CIMD) {
      return this;
    }
    return new OAuthClient(
        clientId,
        registration,
        fetched.metadata,
        createdAt,
        lastUsedAt,
        later(expiresAt, fetched.expiresAt),
        fetched.cacheUntil);
  }

  private static Instant later(Instant one, Instant other) {
    return one.isAfter(other) ? one : other;
  }

  /** Whether a use at {@code now} should be written, given {@link #TOUCH_INTERVAL}. */
  public boolean useIsWorthRecordingAt(Instant now) {
    return lastUsedAt == null || !now.isBefore(lastUsedAt.plus(TOUCH_INTERVAL));
  }

  /** The name to show a user: the declared name, or where the client lives. */
  public String displayName() {
    if (metadata.clientName() != null) {
      return metadata.clientName();
    }
    return registration == Registration.CIMD ? URI.create(clientId).getHost() : clientId;
  }
}
