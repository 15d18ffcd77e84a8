package dev.kiln.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fast start-up path trusts {@link SchemaMigrator#LATEST_VERSION}; it must match the scripts. */
class SchemaScriptsTest {
  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

  @Test
  void latestVersionIsTheHighestScriptOfEveryVendor() throws Exception {
    assertEquals(SchemaMigrator.LATEST_VERSION, highestVersion("sqlite"));
    assertEquals(SchemaMigrator.LATEST_VERSION, highestVersion("postgresql"));
  }

  @Test
  void everyVendorHasTheSameScriptNames() throws Exception {
    assertEquals(scripts("sqlite"), scripts("postgresql"));
  }

  private static int highestVersion(String vendor) throws IOException, URISyntaxException {
    return scripts(vendor).stream().map(VERSIONED::matcher).filter(Matcher::matches)
        .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
  }

  private static List<String> scripts(String vendor) throws IOException, URISyntaxException {
    Path dir = Path.of(SchemaScriptsTest.class.getResource("/db/migration/" + vendor).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
