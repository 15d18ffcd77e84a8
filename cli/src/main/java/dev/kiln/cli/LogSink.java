package dev.kiln.cli;

import dev.kiln.core.run.Redaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where {@code System.err} goes while kiln runs: the runners' logs (Beam, Flink, Flyway, Tribuo: slf4j
 * and java.util.logging write to {@code System.err}) and stack traces of threads that die. Every line
 * is redacted ({@link Redaction}) and appended to the log file {@code .kiln/kiln.log}, which is opened
 * on the first line (a command that logs nothing leaves no file); with {@code --verbose} the line also
 * reaches the terminal. People's output (progress, the error line) goes through {@link Console},
 * which writes to the terminal directly.
 */
final class LogSink extends OutputStream {
  /** A log file larger than this is moved to {@code kiln.log.1} when a command starts. */
  private static final long ROTATE_BYTES = 20L * 1024 * 1024;

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private volatile Path file;
  private volatile PrintStream terminal;
  private volatile boolean verbose;
  private OutputStream out;
  private Path opened;

  /** Points the sink at a project's log file; {@code terminal} receives the lines too when {@code verbose}. */
  synchronized void target(Path logFile, PrintStream terminal, boolean verbose) {
    closeFile();
    this.file = logFile;
    this.terminal = terminal;
    this.verbose = verbose;
    try {
      if (Files.size(logFile) > ROTATE_BYTES) {
        Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // no file yet, or it cannot be moved: keep appending
    }
  }

  Path file() {
    return file;
  }

  /** Whether anything was logged to the file by this process. */
  synchronized boolean wroteFile() {
    return opened != null;
  }

  @Override
  public synchronized void write(int b) {
    line.write(b);
    if (b == '\n') {
      emit();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void flush() {
    if (line.size() > 0) {
      emit();
    }
    if (out != null) {
      try {
        out.flush();
      } catch (IOException e) {
        out = null;
      }
    }
  }

  private void emit() {
    String raw = line.toString(StandardCharsets.UTF_8);
    byte[] text = Redaction.apply(raw).getBytes(StandardCharsets.UTF_8);
    line.reset();
    int oom = raw.indexOf(OOM);
    if (oom >= 0) {
      // A runner that catches a worker's OutOfMemoryError logs it and may then wait forever: end the run.
      String what = raw.substring(oom + OOM.length()).replaceFirst("^:\\s*", "").strip();
      writeOut(text);
      OutOfMemoryGuard.outOfMemory(what.isEmpty() ? "OutOfMemoryError" : what);
      return;
    }
    writeOut(text);
  }

  private static final String OOM = "java.lang.OutOfMemoryError";

  private void writeOut(byte[] text) {
    if (verbose && terminal != null) {
      terminal.write(text, 0, text.length);
      terminal.flush();
    }
    OutputStream o = openFile();
    if (o != null) {
      try {
        o.write(text);
        o.flush();
      } catch (IOException e) {
        out = null; // a full disk must not stop the run; the terminal still has the error line
      }
    }
  }

  private OutputStream openFile() {
    Path f = file;
    if (f == null) {
      return null;
    }
    if (out == null || !f.equals(opened)) {
      closeFile();
      try {
        Files.createDirectories(f.getParent());
        out = Files.newOutputStream(f, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        opened = f;
        String header = "---- kiln (pid " + ProcessHandle.current().pid() + ") " + java.time.Instant.now() + "\n";
        out.write(header.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        out = null;
      }
    }
    return out;
  }

  private void closeFile() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // nothing to keep
      }
    }
    out = null;
    opened = null;
  }
}
