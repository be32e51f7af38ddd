package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link ReadmeCommands} reads commands out of a README, and that README.md reads into the expected ones. */
class ReadmeCommandsTest {

    @Test
    void joinsContinuationsDropsCommentsAndSkipsOtherBlocks() {
        List<ReadmeCommands.Command> commands = ReadmeCommands.parse(List.of(
                "## Set up (fresh machine with JDK 17+ and Maven)",
                "```sh",
                "bin/whyrec demo",
                "```",
                "## Usage",
                "```",
                "whyrec-api   records only",
                "```",
                "```sh",
                "# a comment line",
                "bin/whyrec import --train a.txt \\",
                "    --data-dir d   # trailing comment",
                "X_KEY=abcdefghijklmnop bin/whyrec serve --data-dir d --port 9090",
                "curl -s -H \"X-Admin-Key: a#b\" http://127.0.0.1:9090/v1/users/1/token",
                "mvn -B verify",
                "```"));
        assertEquals(5, commands.size(), commands.toString());
        assertEquals("bin/whyrec demo", commands.get(0).text());
        assertFalse(commands.get(0).readsSharedData());
        assertEquals("bin/whyrec import --train a.txt --data-dir d", commands.get(1).text());
        assertEquals(11, commands.get(1).line());
        assertTrue(commands.get(1).readsSharedData());
        assertEquals(ReadmeCommands.Kind.RUN, commands.get(1).kind());
        assertEquals(ReadmeCommands.Kind.SERVE, commands.get(2).kind());
        assertEquals(9090, commands.get(2).port());
        assertEquals(ReadmeCommands.Kind.CURL, commands.get(3).kind());
        assertTrue(commands.get(3).text().contains("a#b"), "a '#' inside quotes is not a comment");
        assertEquals(ReadmeCommands.Kind.SELF, commands.get(4).kind());
    }

    @Test
    void aContinuationIntoTheEndOfItsBlockIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReadmeCommands.parse(List.of("```sh", "bin/whyrec import \\", "```")));
        assertTrue(e.getMessage().startsWith("README.md:2:"), e.getMessage());
    }

    @Test
    void theReadmeStartsWithTheDemoAndTheTestCommand() throws IOException {
        List<ReadmeCommands.Command> commands = ReadmeCommands.parse(
                Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        assertEquals("bin/whyrec demo", commands.get(0).text());
        assertFalse(commands.get(0).readsSharedData(), "the demo runs on a fresh machine without data");
        assertEquals(ReadmeCommands.Kind.SELF, commands.get(1).kind());
        assertTrue(commands.stream().anyMatch(c -> c.kind() == ReadmeCommands.Kind.SERVE), commands.toString());
        assertTrue(commands.stream().anyMatch(c -> c.kind() == ReadmeCommands.Kind.CURL), commands.toString());
        assertTrue(commands.stream().noneMatch(c -> c.text().contains(" #")), "comments are dropped: " + commands);
    }
}
