package io.statelessmcp.adapter.in.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Strict {@code application/x-www-form-urlencoded} reading for the OAuth endpoints (bodies and the
 * {@code /authorize} query alike): every occurrence of a parameter is kept, so a repeated one is
 * seen rather than silently won by its first or last value, and a malformed escape is an error. An
 * empty value counts as absent (RFC 6749 sections 3.1 and 3.2).
 */
final class Forms {

  private Forms() {}

  /** The parameters of one request, each with every non-empty value it was sent with. */
  record Form(Map<String, List<String>> values) {

    Form {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      values.forEach((name, list) -> copy.put(name, List.copyOf(list)));
      values = java.util.Collections.unmodifiableMap(copy);
    }

    /** The value of a parameter sent once; null when absent or repeated. */
    String single(String name) {
      List<String> list = values.getOrDefault(name, List.of());
      return list.size() == 1 ? list.get(0) : null;
    }

    /** Which of {@code known} came more than once, in the order given. */
    List<String> repeated(Collection<String> known) {
      return known.stream()
          .filter(name -> values.getOrDefault(name, List.of()).size() > 1)
          .toList();
    }

    @Override
    public String toString() {
      return "Form" + values.keySet(); // values may be codes and tokens
    }
  }

  /**
   * The body of a form POST of at most {@code maxBytes}.
   *
   * @param what names the request in refusals, e.g. "the token request"
   * @param refusal turns a reason into the failure this endpoint answers with
   */
  static Mono<Form> read(
      ServerRequest request,
      int maxBytes,
      String what,
      Function<String, ? extends RuntimeException> refusal) {
    if (!isForm(request)) {
      return Mono.error(refusal.apply(what + " must be sent as application/x-www-form-urlencoded"));
    }
    return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBytes)
        .map(
            buffer -> {
              String text = buffer.toString(StandardCharsets.UTF_8);
              DataBufferUtils.release(buffer);
              return text;
            })
        .defaultIfEmpty("")
        .onErrorMap(
            DataBufferLimitException.class,
            e -> refusal.apply(what + " is larger than " + maxBytes + " bytes"))
        .map(
            text -> {
              try {
                return parse(text);
              } catch (IllegalArgumentException e) {
                throw refusal.apply(what + " is not valid form encoding");
              }
            });
  }

  /**
   * Parses {@code a=1&b=2}; '+' is a space.
   *
   * @throws IllegalArgumentException on a malformed percent escape
   */
  static Form parse(String encoded) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return new Form(values);
    }
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (!value.isEmpty()) {
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
    }
    return new Form(values);
  }

  private static boolean isForm(ServerRequest request) {
    MediaType type = request.headers().contentType().orElse(null);
    return type != null
        && !type.isWildcardType()
        && MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
