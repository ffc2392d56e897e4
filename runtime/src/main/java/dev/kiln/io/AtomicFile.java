package dev.kiln.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Replaces a file all at once: the content goes to {@code .<name>.<random>.tmp} in the target's
 * directory, is forced to disk, and is renamed over the target (atomically where the file system
 * can), and the directory is then forced too. A crash or kill at any moment leaves the old file
 * or the new one; a failed write deletes the temp file and leaves the old file as it was. A temp
 * file left by a killed process is deleted by the next save to the same target, so saves to one
 * target must not run concurrently.
 */
final class AtomicFile {
  /** Writes the whole content to a channel. */
  interface Content {
    void writeTo(WritableByteChannel out) throws IOException;
  }

  private AtomicFile() {}

  static void write(Path target, Content content) throws IOException {
    write(target, content, UnaryOperator.identity());
  }

  /** As {@link #write(Path, Content)}, writing through {@code wrap} (a seam for tests). */
  static void write(Path target, Content content, UnaryOperator<WritableByteChannel> wrap)
      throws IOException {
    Path file = target.toAbsolutePath();
    Path dir = file.getParent();
    String prefix = "." + file.getFileName() + ".";
    deleteStale(dir, prefix);
    Path tmp = dir.resolve(prefix + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE) + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        content.writeTo(wrap.apply(ch));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      forceDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Whether {@code name} is a temp file of a save whose names start with {@code prefix}. */
  static boolean isTemp(String name, String prefix) {
    return name.startsWith(prefix) && name.endsWith(".tmp")
        && name.substring(prefix.length(), name.length() - 4).matches("[0-9]+");
  }

  private static void deleteStale(Path dir, String prefix) throws IOException {
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(dir, p -> isTemp(p.getFileName().toString(), prefix))) {
      for (Path p : files) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not every platform can open a directory (Windows); the rename itself has happened.
    }
  }
}
