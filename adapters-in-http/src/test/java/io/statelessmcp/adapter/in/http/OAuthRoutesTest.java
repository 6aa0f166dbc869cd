package io.statelessmcp.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.port.in.RegisterClient;
import io.statelessmcp.domain.InvalidClientMetadata;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthClientMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Discovery and registration as a client sees them. The use case is a stand-in that records what
 * reached it; what it accepts is the application's business, tested there and end to end.
 */
class OAuthRoutesTest {

  private static final Instant ISSUED = Instant.parse("2026-03-01T10:00:00Z");

  private final List<RegisterClient.Command> received = new ArrayList<>();
  private final RegisterClient registerClient =
      command -> {
        received.add(command);
        OAuthClientMetadata metadata;
        try {
          metadata = command.metadata();
        } catch (InvalidClientMetadata e) {
          return Mono.error(
              new ClientRejected(
                  ClientRejected.Reason.INVALID_REDIRECT_URI, "redirect_uris[0] must use https"));
        }
        return Mono.just(
            new OAuthClient(
                "dcr_AAAAAAAAAAAAAAAAAAAAAA",
                OAuthClient.Registration.DCR,
                metadata,
                ISSUED,
                null,
                ISSUED.plusSeconds(86_400),
                null));
      };
  private final WebTestClient client =
      WebTestClient.bindToRouterFunction(
              new OAuthRoutes(
                      registerClient,
                      new FailureResponses(FailureResponsesTest.SETTINGS),
                      FailureResponsesTest.SETTINGS)
                  .routes())
          .build();

  private static JsonNode json(EntityExchangeResult<byte[]> result) {
    return JsonMapper.shared().readTree(result.getResponseBody());
  }

  private EntityExchangeResult<byte[]> register(MediaType type, String body) {
    return client
        .post()
        .uri("/register")
        .contentType(type)
        .bodyValue(body)
        .exchange()
        .expectBody()
        .returnResult();
  }

  @Test
  void theMetadataNamesThisServerAndWhatItSupportsAtBothDiscoveryPaths() {
    for (String path :
        List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
      EntityExchangeResult<byte[]> result =
          client.get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult();
      JsonNode metadata = json(result);

      assertThat(metadata.get("issuer").asString()).isEqualTo("https://mcp.example.com");
      assertThat(metadata.get("authorization_endpoint").asString())
          .isEqualTo("https://mcp.example.com/authorize");
      assertThat(metadata.get("token_endpoint").asString())
          .isEqualTo("https://mcp.example.com/token");
      assertThat(metadata.get("registration_endpoint").asString())
          .isEqualTo("https://mcp.example.com/register");
      assertThat(metadata.get("revocation_endpoint").asString())
          .isEqualTo("https://mcp.example.com/revoke");
      assertThat(strings(metadata, "response_types_supported")).containsExactly("code");
      assertThat(strings(metadata, "grant_types_supported"))
          .containsExactly("authorization_code", "refresh_token");
      assertThat(strings(metadata, "code_challenge_methods_supported")).containsExactly("S256");
      assertThat(strings(metadata, "token_endpoint_auth_methods_supported")).contains("none");
      assertThat(metadata.get("client_id_metadata_document_supported").asBoolean()).isTrue();
      assertThat(metadata.get("authorization_response_iss_parameter_supported").asBoolean())
          .isTrue();
      assertThat(new String(result.getResponseBody())).startsWith("{\"issuer\":");
      assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("max-age=3600");
    }
  }

  @Test
  void aRegistrationAnswers201WithTheClientIdAndWhatWasRegistered() {
    EntityExchangeResult<byte[]> result =
        register(
            MediaType.APPLICATION_JSON,
            "{\"redirect_uris\":[\"http://localhost:6274/oauth/callback\"],"
                + "\"client_name\":\"MCP Inspector\",\"unknown_member\":{\"ignored\":true},"
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");

    assertThat(result.getStatus()).isEqualTo(HttpStatus.CREATED);
    assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
    JsonNode body = json(result);
    assertThat(new String(result.getResponseBody()))
        .startsWith("{\"client_id\":\"dcr_AAAAAAAAAAAAAAAAAAAAAA\",\"client_id_issued_at\":");
    assertThat(body.get("client_id_issued_at").asLong()).isEqualTo(ISSUED.getEpochSecond());
    assertThat(strings(body, "redirect_uris"))
        .containsExactly("http://localhost:6274/oauth/callback");
    assertThat(body.get("client_name").asString()).isEqualTo("MCP Inspector");
    assertThat(body.get("token_endpoint_auth_method").asString()).isEqualTo("none");
    assertThat(strings(body, "response_types")).containsExactly("code");
    assertThat(body.has("client_secret")).isFalse();
    assertThat(received).hasSize(1);
    assertThat(received.get(0).metadata().tokenEndpointAuthMethod())
        .as("absent gets this server's default")
        .isEqualTo("none");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"redirect_uris\":[\"https://a.example/cb\"],\"redirect_uris\":[\"https://b.example/cb\"]}"
            + "|invalid_client_metadata|a member of the registration appears more than once",
        "{\"redirect_uris\":[\"https://a.example/cb\"]} trailing"
            + "|invalid_client_metadata|the registration is not valid JSON",
        "{redirect_uris:['https://a.example/cb']}"
            + "|invalid_client_metadata|the registration is not valid JSON",
        "[\"https://a.example/cb\"]|invalid_client_metadata|the registration must be a JSON object",
        "''|invalid_client_metadata|the registration must be a JSON object",
        "{\"redirect_uris\":[\"https://a b.example/cb\"]}"
            + "|invalid_redirect_uri|redirect_uris is not valid",
        "{\"redirect_uris\":\"https://a.example/cb\"}"
            + "|invalid_redirect_uri|redirect_uris has the wrong JSON type",
        "{\"redirect_uris\":[\"https://a.example/cb\"],\"grant_types\":[5]}"
            + "|invalid_client_metadata|grant_types has the wrong JSON type",
        "{\"redirect_uris\":[\"https://a.example/cb\"],\"client_uri\":\"ht tp://x\"}"
            + "|invalid_client_metadata|client_uri is not valid",
      })
  void malformedRegistrationsGetTheRfc7591ErrorAndNeverReachTheUseCase(
      String body, String error, String description) {
    EntityExchangeResult<byte[]> result = register(MediaType.APPLICATION_JSON, body);

    assertThat(result.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(json(result).get("error").asString()).isEqualTo(error);
    assertThat(json(result).get("error_description").asString()).isEqualTo(description);
    assertThat(received).isEmpty();
  }

  @Test
  void aRegistrationThatIsNotJsonOrTooLargeIsRefusedUnread() {
    EntityExchangeResult<byte[]> form =
        register(MediaType.APPLICATION_FORM_URLENCODED, "redirect_uris=https://a.example/cb");
    String huge =
        "{\"redirect_uris\":[\"https://a.example/cb\"],\"client_name\":\""
            + "x".repeat(OAuthRoutes.MAX_REGISTRATION_BYTES)
            + "\"}";
    EntityExchangeResult<byte[]> large = register(MediaType.APPLICATION_JSON, huge);

    assertThat(json(form).get("error_description").asString())
        .isEqualTo("a registration is a JSON object sent as application/json");
    assertThat(json(large).get("error_description").asString())
        .isEqualTo("the registration is larger than 16384 bytes");
    assertThat(received).isEmpty();
  }

  @Test
  void aRefusalOfTheUseCaseIsAnsweredAsItsRfc7591Error() {
    EntityExchangeResult<byte[]> result =
        register(MediaType.APPLICATION_JSON, "{\"redirect_uris\":[\"http://evil.example/cb\"]}");

    assertThat(result.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(new String(result.getResponseBody()))
        .isEqualTo(
            "{\"error\":\"invalid_redirect_uri\","
                + "\"error_description\":\"redirect_uris[0] must use https\"}");
  }

  @Test
  void registrationsHaveTheirOwnRateLimitBesideLogins() {
    PlainErrorsTest.assertRateLimited(
        "too many client registrations from this address; retry later",
        MockServerHttpRequest.get("/auth/login").build(),
        MockServerHttpRequest.post("/register").build(),
        MockServerHttpRequest.post("/register").build());
  }

  @Test
  void thisServerCanBeNamedAsItsResourcesAuthorizationServer() {
    HttpSettings proxy = FailureResponsesTest.SETTINGS.withThisServerAsAuthorizationServer();

    assertThat(proxy.authorizationServer()).hasToString("https://mcp.example.com");
    assertThat(Map.of("issuer", proxy.issuer().toString()))
        .containsEntry("issuer", "https://mcp.example.com");
  }

  private static List<String> strings(JsonNode node, String member) {
    List<String> values = new ArrayList<>();
    node.get(member).forEach(value -> values.add(value.asString()));
    return values;
  }
}
