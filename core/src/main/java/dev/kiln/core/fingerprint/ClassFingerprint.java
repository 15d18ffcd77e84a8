package dev.kiln.core.fingerprint;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A digest of a user step's code: the bytes of its class and of every class it names that comes
 * from the same place (the same jar or classes folder), followed transitively. Editing the step, or a
 * helper class of the user's that it uses, changes the digest, and so the cache key.
 */
public final class ClassFingerprint {
  private ClassFingerprint() {}

  /** Hex SHA-256 over the sorted (name, bytes) of the class and the user classes it reaches. */
  public static String of(Class<?> root) {
    MessageDigest md = Sha256.newDigest();
    reachable(root).forEach((name, bytes) -> {
      md.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(bytes);
    });
    return Sha256.hex(md);
  }

  /** Internal name to class bytes of the class and every class it names from the same home, transitively. */
  private static TreeMap<String, byte[]> reachable(Class<?> root) {
    ClassLoader loader = root.getClassLoader() != null ? root.getClassLoader() : ClassLoader.getSystemClassLoader();
    URL home = location(root);
    TreeMap<String, byte[]> found = new TreeMap<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(root.getName().replace('.', '/'));
    while (!todo.isEmpty()) {
      String internal = todo.poll();
      if (found.containsKey(internal)) {
        continue;
      }
      byte[] bytes = classBytes(loader, internal);
      if (bytes == null) {
        continue;
      }
      found.put(internal, bytes);
      for (String ref : referencedClasses(bytes)) {
        if (!found.containsKey(ref) && sameHome(loader, ref, home)) {
          todo.add(ref);
        }
      }
    }
    return found;
  }

  /** Hex SHA-256 of an object's Java serialization (a configured transform instance), or "" if it has none. */
  public static String ofInstance(java.io.Serializable instance) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(instance);
      out.flush();
      return Sha256.hex(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize " + instance.getClass().getName()
          + "; a step's transform must be Serializable, as Beam requires", e);
    }
  }

  private static URL location(Class<?> c) {
    CodeSource cs = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
    return cs == null ? null : cs.getLocation();
  }

  private static boolean sameHome(ClassLoader loader, String internal, URL home) {
    if (home == null || internal.startsWith("java/") || internal.startsWith("javax/") || internal.startsWith("jdk/")) {
      return false;
    }
    URL url = loader.getResource(internal + ".class");
    if (url == null) {
      return false;
    }
    String u = url.toString();
    String h = home.toString();
    // a class in a jar: jar:file:/x.jar!/a/B.class; in a folder: file:/dir/a/B.class
    return u.startsWith(h) || u.startsWith("jar:" + h + "!");
  }

  private static byte[] classBytes(ClassLoader loader, String internal) {
    try (InputStream in = loader.getResourceAsStream(internal + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The internal names of the classes in a class file's constant pool (CONSTANT_Class entries). */
  static List<String> referencedClasses(byte[] classFile) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile))) {
      if (in.readInt() != 0xCAFEBABE) {
        return List.of();
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      List<Integer> classIndexes = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7 -> classIndexes.add(in.readUnsignedShort());
          case 8, 16, 19, 20 -> in.readUnsignedShort();
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 5, 6 -> { in.readLong(); i++; }
          case 15 -> { in.readUnsignedByte(); in.readUnsignedShort(); }
          default -> { return List.of(); } // unknown constant: give up on references, keep the class itself
        }
      }
      List<String> names = new ArrayList<>();
      for (int idx : classIndexes) {
        String n = utf8[idx];
        if (n == null) {
          continue;
        }
        while (n.startsWith("[")) {
          n = n.substring(1);
        }
        if (n.startsWith("L") && n.endsWith(";")) {
          n = n.substring(1, n.length() - 1);
        }
        if (n.length() > 1 || !Objects.equals(n, n.toUpperCase())) {
          names.add(n);
        }
      }
      return names;
    } catch (IOException e) {
      return List.of();
    }
  }
}
