package dev.kiln.examples.beam;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/library.md shows TaxiInPlainBeam's code as it is, so the page's example compiles and runs. */
class LibraryDocTest {
  @Test
  void theDocsExampleIsTheCompiledAndTestedCode() throws IOException {
    String source = Files.readString(Path.of("src/main/java/dev/kiln/examples/beam/TaxiInPlainBeam.java"));
    int start = source.indexOf("// [START plain-beam]\n");
    int end = source.indexOf("  // [END plain-beam]");
    assertTrue(start >= 0 && end > start, "TaxiInPlainBeam marks its example with [START plain-beam] and [END plain-beam]");
    String example = source.substring(source.indexOf('\n', start) + 1, end);
    String page = Files.readString(Path.of("../docs/library.md"));
    assertTrue(page.contains("```java\n" + example + "```"),
        "docs/library.md must show TaxiInPlainBeam's code between its markers, as it is now:\n" + example);
  }
}
