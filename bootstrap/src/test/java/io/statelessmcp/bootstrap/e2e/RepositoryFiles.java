package io.statelessmcp.bootstrap.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's own files that users read (README.md, .env.example), for the docs tests. */
final class RepositoryFiles {

  /** Maven runs a module's tests in the module's folder. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern PLACEHOLDER = Pattern.compile("(.)\\$\\{([A-Z][A-Z0-9_]*)");
  private static final Pattern CODE_BLOCK =
      Pattern.compile("(?m)^( *)```(\\w*)\\n(.*?)^\\1```$", Pattern.DOTALL);

  private RepositoryFiles() {}

  static String read(String relative) {
    try {
      return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fenced code block: its language and its text, indentation of the fence removed. */
  record CodeBlock(String language, String text) {}

  static List<CodeBlock> codeBlocks(String markdown) {
    List<CodeBlock> blocks = new ArrayList<>();
    Matcher block = CODE_BLOCK.matcher(markdown);
    while (block.find()) {
      String indent = block.group(1);
      StringBuilder text = new StringBuilder();
      for (String line : block.group(3).split("\n", -1)) {
        text.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
      }
      blocks.add(new CodeBlock(block.group(2), text.substring(0, text.length() - 1)));
    }
    return blocks;
  }

  /** From a {@code ## heading} line to the next heading of the same level or higher. */
  static String section(String markdown, String heading) {
    int level = heading.indexOf(' ');
    StringBuilder section = null;
    boolean inCode = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.stripLeading().startsWith("```")) {
        inCode = !inCode;
      }
      if (section == null) {
        if (!inCode && line.equals(heading)) {
          section = new StringBuilder();
        }
        continue;
      }
      int hashes = line.length() - line.replaceFirst("^#+", "").length();
      if (!inCode && hashes > 0 && hashes <= level && line.startsWith(" ", hashes)) {
        break;
      }
      section.append(line).append('\n');
    }
    if (section == null) {
      throw new AssertionError("no section '" + heading + "'");
    }
    return section.toString();
  }

  /** Every environment variable {@code application.yaml} reads, aliases included. */
  static Set<String> settings() {
    return placeholders(true);
  }

  /** The settings without the aliases (a placeholder nested in another's default). */
  static Set<String> settingsWithoutAliases() {
    return placeholders(false);
  }

  private static Set<String> placeholders(boolean withAliases) {
    Matcher placeholder =
        PLACEHOLDER.matcher(read("bootstrap/src/main/resources/application.yaml"));
    Set<String> names = new TreeSet<>();
    while (placeholder.find()) {
      boolean alias = placeholder.group(1).equals(":");
      if (withAliases || !alias) {
        names.add(placeholder.group(2));
      }
    }
    return names;
  }
}
