package dev.kiln.runners.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP sockets this JVM listens on, read from Linux's {@code /proc}: the LISTEN entries of
 * {@code /proc/self/net/tcp} and {@code tcp6} whose inode is one of this process's file descriptors
 * ({@code /proc/self/fd/* -> socket:[inode]}); the tables list every process of the network namespace.
 */
public final class ListeningSockets {
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
  private static final String LISTEN = "0A";

  /** One listening socket: its address as text ({@code 127.0.0.1}, {@code ::}, ...) and port. */
  public record Listener(String address, int port) {
    /** Reachable only from this machine: 127.0.0.0/8, ::1 or ::ffff:127.x.x.x. */
    public boolean loopback() {
      return address.startsWith("127.") || address.equals("::1") || address.startsWith("::ffff:127.");
    }

    @Override
    public String toString() {
      return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
  }

  private ListeningSockets() {}

  /** True on a system with the files this reads (Linux). */
  public static boolean available() {
    return Files.isReadable(Path.of("/proc/self/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
  }

  /** The sockets this process listens on now. */
  public static List<Listener> ofThisProcess() {
    try {
      Set<String> inodes = socketInodes();
      List<Listener> out = new ArrayList<>();
      out.addAll(read(Path.of("/proc/self/net/tcp"), inodes, false));
      Path tcp6 = Path.of("/proc/self/net/tcp6");
      if (Files.isReadable(tcp6)) {
        out.addAll(read(tcp6, inodes, true));
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Set<String> socketInodes() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(m.group(1));
          }
        } catch (IOException e) {
          // closed while listing
        }
      }
    }
    return inodes;
  }

  private static List<Listener> read(Path table, Set<String> inodes, boolean v6) throws IOException {
    List<Listener> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(table);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
        String[] local = f[1].split(":");
        out.add(new Listener(v6 ? ipv6(local[0]) : ipv4(local[0]), Integer.parseInt(local[1], 16)));
      }
    }
    return out;
  }

  /** /proc writes an IPv4 address as one 32-bit word in host (little-endian) order. */
  public static String ipv4(String hex) {
    long v = Long.parseLong(hex, 16);
    return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
  }

  /** /proc writes an IPv6 address as four 32-bit words, each in host (little-endian) order. */
  public static String ipv6(String hex) {
    byte[] b = new byte[16];
    for (int w = 0; w < 4; w++) {
      long v = Long.parseLong(hex.substring(w * 8, w * 8 + 8), 16);
      for (int i = 0; i < 4; i++) {
        b[w * 4 + i] = (byte) (v >> (8 * i));
      }
    }
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= b[i] == 0;
    }
    mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    if (mapped) {
      return "::ffff:" + (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
    }
    try {
      String text = java.net.InetAddress.getByAddress(b).getHostAddress();
      return text.equals("0:0:0:0:0:0:0:1") ? "::1" : text.equals("0:0:0:0:0:0:0:0") ? "::" : text;
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
