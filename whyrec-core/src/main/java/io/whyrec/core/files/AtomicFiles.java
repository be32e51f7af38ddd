package io.whyrec.core.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file so that a crash or a power loss at any moment leaves either its complete old content or its
 * complete new content, never a mix, and removes what killed writers left behind. Every whyrec writer that
 * replaces a file (the dataset file, model files, the server's secrets) goes through {@link #write}.
 *
 * <p>A write goes to a temporary file in the target's folder, named {@code .<target>.<pid>.<n>}{@value #SUFFIX}
 * (pid the writing process, n random), created readable and writable by its owner only; the bytes are synced to
 * the disk ({@link FileChannel#force(boolean)}), the temporary file is renamed over the target in one atomic
 * step, and the folder is synced so that the rename itself survives a power loss. A write that fails removes its
 * temporary file; a writer that is killed cannot, and {@link #removeStale(Path)} removes such files at the next
 * start of the server or of an import.
 */
public final class AtomicFiles {

    /** The suffix of every temporary file a write creates. */
    public static final String SUFFIX = ".whyrec-tmp";

    /** A temporary file of {@link #write}: hidden, then the target's name, the writer's pid and a random number. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.(\\d+)\\.\\d+" + Pattern.quote(SUFFIX));
    /**
     * Temporary files of the writers before this class ({@code .dataset.whyrec123.tmp}, {@code ease.model123.tmp}):
     * they name no process, so they are removed whenever they are found.
     */
    private static final Pattern LEGACY = Pattern.compile("\\.?.+\\.(whyrec|model)-?\\d+\\.tmp");

    /** Bytes buffered before one write call on the temporary file. */
    static final int BUFFER = 1 << 16;

    /** What a write puts into the file, streamed. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content; the stream is buffered and must not be closed. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * The file-system calls of a write, one method each, so a test can fail any of them (a power-loss
     * simulation); {@link #DISK} is the real file system.
     */
    interface Io {
        /** Creates the temporary file (owner-only) next to the target. */
        Path createTemporary(Path dir, String prefix) throws IOException;

        /** Opens the temporary file for writing. */
        FileChannel open(Path file) throws IOException;

        /** Writes some bytes of a buffer. */
        void write(FileChannel channel, ByteBuffer bytes) throws IOException;

        /** Syncs the file's content and metadata to the disk. */
        void force(FileChannel channel) throws IOException;

        /** Renames the temporary file over the target, atomically where the file system can. */
        void move(Path from, Path to) throws IOException;

        /** Syncs a folder, so a rename in it survives a power loss. */
        void syncDirectory(Path dir) throws IOException;

        /** Deletes a file if it exists. */
        void delete(Path file) throws IOException;
    }

    /** The real file system. */
    static final Io DISK = new Io() {
        @Override
        public Path createTemporary(Path dir, String prefix) throws IOException {
            // POSIX file systems get rw------- from createTempFile: the file is never readable by others
            return Files.createTempFile(dir, prefix, SUFFIX);
        }

        @Override
        public FileChannel open(Path file) throws IOException {
            return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void write(FileChannel channel, ByteBuffer bytes) throws IOException {
            channel.write(bytes);
        }

        @Override
        public void force(FileChannel channel) throws IOException {
            channel.force(true);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            AtomicFiles.syncDirectory(dir);
        }

        @Override
        public void delete(Path file) throws IOException {
            Files.deleteIfExists(file);
        }
    };

    private AtomicFiles() {
    }

    /** Replaces a file's content with some bytes (see the class comment). */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Replaces a file's content with what {@code content} writes (see the class comment); the folder is created
     * when missing.
     *
     * @throws IOException when any step fails; the target then holds its old content (or is still absent)
     */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, DISK);
    }

    static void write(Path target, Content content, Io io) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = io.createTemporary(dir, "." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".");
        boolean moved = false;
        try {
            try (FileChannel ch = io.open(tmp)) {
                ChannelOut out = new ChannelOut(ch, io);
                content.writeTo(out);
                out.drain();
                // the bytes reach the disk before the name points at them
                io.force(ch);
            }
            io.move(tmp, abs);
            moved = true;
            // and the new name reaches the disk before the write is reported done
            io.syncDirectory(dir);
        } finally {
            if (!moved) {
                io.delete(tmp);
            }
        }
    }

    /**
     * Syncs a folder so that a rename inside it survives a power loss; a platform that cannot open a folder for
     * syncing (Windows) is left to its own ordering.
     */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    /**
     * Removes the temporary files that writers which were killed (or lost power) left in a folder: those of
     * {@link #write} whose process is no longer running, or is a later process that reuses the pid (it started
     * after the file was last written), and those of the writers before this class. A write in progress in
     * another live process keeps its file. A missing folder holds nothing.
     *
     * @return how many files were removed
     */
    public static int removeStale(Path dir) throws IOException {
        return removeStale(dir, AtomicFiles::writerAlive);
    }

    /**
     * Removes the temporary files of a folder whose writer is not running by {@code alive}, which is given the
     * writer's pid and the file's last-modified time in milliseconds.
     */
    static int removeStale(Path dir, WriterCheck alive) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean stale;
                Matcher m = TEMPORARY.matcher(name);
                if (m.matches()) {
                    long pid;
                    try {
                        pid = Long.parseLong(m.group(2));
                    } catch (NumberFormatException e) {
                        pid = -1;
                    }
                    FileTime written;
                    try {
                        written = Files.getLastModifiedTime(f);
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    stale = pid < 0 || !alive.test(pid, written.toMillis());
                } else {
                    stale = LEGACY.matcher(name).matches();
                }
                if (stale && Files.isRegularFile(f) && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Whether a writer can still be writing a temporary file. */
    @FunctionalInterface
    interface WriterCheck {
        /** True when process {@code pid} may still be writing a file last modified at {@code modifiedMillis}. */
        boolean test(long pid, long modifiedMillis);
    }

    private static boolean writerAlive(long pid, long modifiedMillis) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        // a process that started after the file was last written did not write it (the pid was reused, after a
        // reboot for example); this process's own writes in flight keep their files
        return p.get().info().startInstant().map(s -> s.toEpochMilli() <= modifiedMillis + 1_000).orElse(true);
    }

    /** A buffered stream onto the temporary file's channel, each full buffer one {@link Io#write} call. */
    private static final class ChannelOut extends OutputStream {
        private final FileChannel channel;
        private final Io io;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

        ChannelOut(FileChannel channel, Io io) {
            this.channel = channel;
            this.io = io;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                int n = Math.min(len, buffer.remaining());
                buffer.put(b, off, n);
                off += n;
                len -= n;
            }
        }

        /** Writes what is buffered. */
        void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                io.write(channel, buffer);
            }
            buffer.clear();
        }

        @Override
        public void flush() {
            // the bytes are written by drain() before the sync; flushing early would only add write calls
        }

        @Override
        public void close() {
            // the channel is closed by write()
        }
    }
}
