package io.statelessmcp.adapter.in.http.mcp;

import java.util.Base64;
import java.util.Objects;

/**
 * One item of what a tool answers or a prompt says: text, an image, audio, a link to a resource, or
 * a resource embedded whole. Binary data is kept base64-encoded, as it travels.
 */
public sealed interface Content
    permits Content.Text, Content.Image, Content.Audio, Content.ResourceLink, Content.Embedded {

  static Text text(String text) {
    return new Text(text);
  }

  static Image image(byte[] data, String mimeType) {
    return new Image(Base64.getEncoder().encodeToString(data), mimeType);
  }

  static Audio audio(byte[] data, String mimeType) {
    return new Audio(Base64.getEncoder().encodeToString(data), mimeType);
  }

  /** A link the client may read with {@code resources/read}; description and type are optional. */
  static ResourceLink link(String uri, String name, String description, String mimeType) {
    return new ResourceLink(uri, name, description, mimeType);
  }

  static Embedded embedded(ResourceContents resource) {
    return new Embedded(resource);
  }

  record Text(String text) implements Content {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  record Image(String base64Data, String mimeType) implements Content {
    public Image {
      Objects.requireNonNull(base64Data, "base64Data");
      Objects.requireNonNull(mimeType, "mimeType");
    }
  }

  record Audio(String base64Data, String mimeType) implements Content {
    public Audio {
      Objects.requireNonNull(base64Data, "base64Data");
      Objects.requireNonNull(mimeType, "mimeType");
    }
  }

  record ResourceLink(String uri, String name, String description, String mimeType)
      implements Content {
    public ResourceLink {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(name, "name");
    }
  }

  record Embedded(ResourceContents resource) implements Content {
    public Embedded {
      Objects.requireNonNull(resource, "resource");
    }
  }
}
