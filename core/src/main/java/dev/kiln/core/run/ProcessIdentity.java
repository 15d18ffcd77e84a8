package dev.kiln.core.run;

import java.net.InetAddress;

/** Who is running: host, pid and the process start time, so a dead process's runs can be told apart from live ones. */
public record ProcessIdentity(String host, long pid, long startMillis) {

  public static ProcessIdentity current() {
    ProcessHandle self = ProcessHandle.current();
    return new ProcessIdentity(hostName(), self.pid(), startOf(self));
  }

  /** True when the process that wrote this identity is still alive (only decidable on the same host). */
  public boolean isAlive() {
    if (!host.equals(hostName())) {
      return true; // another machine's run: assume alive; it marks itself
    }
    return ProcessHandle.of(pid).map(h -> h.isAlive() && startOf(h) == startMillis).orElse(false);
  }

  private static long startOf(ProcessHandle h) {
    return h.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
  }

  static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
