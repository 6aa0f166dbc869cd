package io.statelessmcp.adapter.in.http.mcp;

import java.util.Base64;
import java.util.Objects;

/** What a resource holds: text, or bytes (kept base64-encoded, as they travel). */
public sealed interface ResourceContents permits ResourceContents.Text, ResourceContents.Blob {

  String uri();

  String mimeType();

  static Text text(String uri, String mimeType, String text) {
    return new Text(uri, mimeType, text);
  }

  static Blob blob(String uri, String mimeType, byte[] data) {
    return new Blob(uri, mimeType, Base64.getEncoder().encodeToString(data));
  }

  record Text(String uri, String mimeType, String text) implements ResourceContents {
    public Text {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(text, "text");
    }
  }

  record Blob(String uri, String mimeType, String base64Data) implements ResourceContents {
    public Blob {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(base64Data, "base64Data");
    }
  }
}
