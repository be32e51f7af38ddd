package io.whyrec.core.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AtomicFiles} under simulated crashes and power losses: a file system ({@link PowerLoss}) that fails the
 * k-th call of a write and every call after it (the process is gone), then forgets what a power loss forgets,
 * every byte not synced and, when the folder was not synced after it, the rename; for every k the target must
 * hold the complete old content or the complete new one, and the next start's cleanup must leave no temporary
 * file.
 */
class AtomicFilesTest {

    @TempDir
    Path dir;

    /** The process died: thrown by the failing call and every later one. */
    static final class Crash extends IOException {
        Crash() {
            super("simulated crash");
        }
    }

    /**
     * A file system that forgets, at a power loss, what was not made durable. It keeps, for each file, the
     * content as of its last {@code force}; a rename not followed by a folder sync may or may not have reached
     * the disk. With {@code honourForce} false it ignores syncs (a disk cache that lies), which must break the
     * guarantee: the test of the test.
     */
    static final class PowerLoss implements AtomicFiles.Io {
        private final int failAt;
        private final boolean honourForce;
        private int calls;
        private boolean dead;
        private final Map<FileChannel, Path> open = new HashMap<>();
        private final Map<Path, byte[]> durable = new HashMap<>();
        private boolean renamePending;
        private Path renamedFrom;
        private byte[] targetBefore;

        PowerLoss(int failAt, boolean honourForce) {
            this.failAt = failAt;
            this.honourForce = honourForce;
        }

        private void call() throws Crash {
            if (dead || calls++ == failAt) {
                dead = true;
                throw new Crash();
            }
        }

        int calls() {
            return calls;
        }

        @Override
        public Path createTemporary(Path dir, String prefix) throws IOException {
            call();
            Path p = AtomicFiles.DISK.createTemporary(dir, prefix);
            durable.put(p, new byte[0]);
            return p;
        }

        @Override
        public FileChannel open(Path file) throws IOException {
            call();
            FileChannel ch = AtomicFiles.DISK.open(file);
            open.put(ch, file);
            return ch;
        }

        @Override
        public void write(FileChannel channel, ByteBuffer bytes) throws IOException {
            call();
            AtomicFiles.DISK.write(channel, bytes);
        }

        @Override
        public void force(FileChannel channel) throws IOException {
            call();
            AtomicFiles.DISK.force(channel);
            if (honourForce) {
                Path p = open.get(channel);
                durable.put(p, Files.readAllBytes(p));
            }
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            call();
            targetBefore = Files.exists(to) ? Files.readAllBytes(to) : null;
            AtomicFiles.DISK.move(from, to);
            renamePending = true;
            renamedFrom = from;
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            call();
            AtomicFiles.DISK.syncDirectory(dir);
            renamePending = false;
        }

        @Override
        public void delete(Path file) throws IOException {
            call();
            AtomicFiles.DISK.delete(file);
        }

        /**
         * Puts the folder into the state the power loss leaves: every temporary file holds only its synced
         * bytes; an unsynced rename either reached the disk ({@code renameKept}, with the bytes synced before it)
         * or not (the target is back to its old content, the temporary file back under its name).
         */
        void powerLoss(Path target, boolean renameKept) throws IOException {
            if (renamePending) {
                byte[] renamed = durable.getOrDefault(renamedFrom, new byte[0]);
                if (renameKept) {
                    Files.write(target, renamed);
                } else {
                    if (targetBefore == null) {
                        Files.deleteIfExists(target);
                    } else {
                        Files.write(target, targetBefore);
                    }
                    Files.write(renamedFrom, renamed);
                }
            }
            for (Path p : temporaries(target.getParent())) {
                Files.write(p, durable.getOrDefault(p, new byte[0]));
            }
        }
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.SUFFIX)).toList();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /**
     * Crashes a write at every call in turn and returns, per crash point and rename outcome, whether the target
     * held the old or the new content ("old", "new" or "mix").
     */
    private List<String> crashAtEveryCall(byte[] before, byte[] after, boolean honourForce) throws IOException {
        Path target = dir.resolve("data.bin");
        PowerLoss count = new PowerLoss(Integer.MAX_VALUE, true);
        Files.deleteIfExists(target);
        if (before != null) {
            AtomicFiles.write(target, before);
        }
        AtomicFiles.write(target, out -> out.write(after), count);
        int calls = count.calls();
        // create, open, one write per buffer of 64 KiB (4 for 200,000 bytes), force, move, folder sync
        assertEquals(5 + (after.length + AtomicFiles.BUFFER - 1) / AtomicFiles.BUFFER, calls, "file-system calls");
        List<String> outcomes = new ArrayList<>();
        for (int k = 0; k < calls; k++) {
            for (boolean renameKept : new boolean[]{false, true}) {
                Files.deleteIfExists(target);
                if (before != null) {
                    AtomicFiles.write(target, before);
                }
                PowerLoss disk = new PowerLoss(k, honourForce);
                assertThrows(Crash.class, () -> AtomicFiles.write(target, out -> out.write(after), disk),
                        "call " + k + " fails");
                disk.powerLoss(target, renameKept);
                byte[] now = Files.exists(target) ? Files.readAllBytes(target) : null;
                String outcome = Arrays.equals(now, before) ? "old" : Arrays.equals(now, after) ? "new" : "mix";
                outcomes.add(outcome);
                // the next start removes what the dead writer left, and nothing else
                AtomicFiles.removeStale(dir, (pid, modified) -> false);
                assertEquals(List.of(), temporaries(dir), "no temporary file after the cleanup (crash at call " + k
                        + ")");
                byte[] cleaned = Files.exists(target) ? Files.readAllBytes(target) : null;
                assertArrayEquals(now, cleaned, "the cleanup leaves the target alone");
            }
        }
        return outcomes;
    }

    @Test
    void aCrashAtAnyCallLeavesTheOldOrTheNewContentNeverAMix() throws IOException {
        byte[] before = random(150_000, 1);
        byte[] after = random(200_000, 2);
        List<String> outcomes = crashAtEveryCall(before, after, true);
        assertFalse(outcomes.contains("mix"), outcomes.toString());
        assertTrue(outcomes.contains("old") && outcomes.contains("new"), "both outcomes occur: " + outcomes);
        // up to the rename the old content survives; after the folder sync only the new one can
        assertEquals("old", outcomes.get(0));
        assertEquals("new", outcomes.get(outcomes.size() - 1));
    }

    @Test
    void aFileWrittenForTheFirstTimeIsAbsentOrComplete() throws IOException {
        byte[] after = random(70_000, 3);
        List<String> outcomes = crashAtEveryCall(null, after, true);
        assertFalse(outcomes.contains("mix"), outcomes.toString());
        assertTrue(outcomes.contains("old"), "absent, as before: " + outcomes);
    }

    /** The simulation would catch a writer that renames bytes the disk has not synced. */
    @Test
    void withoutTheSyncBeforeTheRenameAPowerLossLeavesAMix() throws IOException {
        List<String> outcomes = crashAtEveryCall(random(1_000, 4), random(100_000, 5), false);
        assertTrue(outcomes.contains("mix"), "an unsynced rename leaves an empty or partial file: " + outcomes);
    }

    @Test
    void aFailedWriteRemovesItsTemporaryFileAndKeepsTheOldContent() throws IOException {
        Path target = dir.resolve("model.bin");
        AtomicFiles.write(target, new byte[]{1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(), temporaries(dir));
    }

    @Test
    void theCleanupRemovesDeadWritersFilesOnly() throws IOException {
        Path live = dir.resolve(".dataset.whyrec." + ProcessHandle.current().pid() + ".123" + AtomicFiles.SUFFIX);
        // no process has a pid this large (Linux caps them at 4,194,304)
        Path dead = dir.resolve(".dataset.whyrec.999999999.456" + AtomicFiles.SUFFIX);
        // this process's pid, on a file last written before it started: a pid reused after a reboot
        Path reused = dir.resolve(".ease.model." + ProcessHandle.current().pid() + ".789" + AtomicFiles.SUFFIX);
        Path legacyDataset = dir.resolve(".dataset.whyrec4711.tmp");
        Path legacyModel = dir.resolve("ease.model-4711.tmp");
        Path userFile = dir.resolve("notes.tmp");
        Path dataset = dir.resolve("dataset.whyrec");
        for (Path p : List.of(live, dead, reused, legacyDataset, legacyModel, userFile, dataset)) {
            Files.write(p, new byte[]{7});
        }
        Files.setLastModifiedTime(reused, FileTime.fromMillis(0));
        int removed = AtomicFiles.removeStale(dir);
        assertTrue(Files.exists(live), "a live writer's file stays");
        assertFalse(Files.exists(reused), "a file older than the process of its pid is stale");
        assertFalse(Files.exists(legacyDataset) || Files.exists(legacyModel), "the old writers' files go");
        assertTrue(Files.exists(userFile) && Files.exists(dataset), "other files stay");
        assertFalse(Files.exists(dead), "an ended writer's file goes");
        assertEquals(4, removed);
        assertEquals(0, AtomicFiles.removeStale(dir.resolve("missing")));
    }
}
