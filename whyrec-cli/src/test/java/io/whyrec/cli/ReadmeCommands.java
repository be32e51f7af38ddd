package io.whyrec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell commands of README.md, as a reader would type them: every line of a fenced block marked {@code sh},
 * with backslash continuations joined and comments dropped. Blocks fenced without {@code sh} (the module layout)
 * are not commands.
 */
final class ReadmeCommands {

    /** What the README-commands suite does with a command. */
    enum Kind {
        /** Runs to completion; it must exit 0. */
        RUN,
        /** Starts a server that runs until stopped; it must become ready, serve the CURL commands after it, stop. */
        SERVE,
        /** Talks to the server started by the SERVE command before it. */
        CURL,
        /** The test command itself ({@code mvn ...}): running it from inside the suite would recurse. */
        SELF
    }

    /**
     * One command.
     *
     * @param line    the README line (1-based) where the command starts
     * @param section the heading of the README section it is in
     * @param text    the command, continuation lines joined, comments dropped
     */
    record Command(int line, String section, String text) {

        /** The kind of command, read from its first word(s). */
        Kind kind() {
            String t = text.replaceFirst("^([A-Z_][A-Z0-9_]*=\\S*\\s+)*", "");
            if (t.startsWith("mvn ")) {
                return Kind.SELF;
            }
            if (t.startsWith("curl ")) {
                return Kind.CURL;
            }
            if (t.startsWith("bin/whyrec serve")) {
                return Kind.SERVE;
            }
            return Kind.RUN;
        }

        /** The port a SERVE command listens on: its {@code --port}, else the server's default 8080. */
        int port() {
            Matcher m = Pattern.compile("--port[ =](\\d+)").matcher(text);
            return m.find() ? Integer.parseInt(m.group(1)) : 8080;
        }

        /** Whether the command reads the shared datasets beside the repository. */
        boolean readsSharedData() {
            return !section.equals("Set up (fresh machine with JDK 17+ and Maven)");
        }

        @Override
        public String toString() {
            return "README.md:" + line + ": " + text;
        }
    }

    private ReadmeCommands() {
    }

    static List<Command> parse(Path readme) throws IOException {
        return parse(Files.readAllLines(readme));
    }

    static List<Command> parse(List<String> lines) {
        List<Command> out = new ArrayList<>();
        String section = "";
        boolean inSh = false;
        boolean inOther = false;
        StringBuilder pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.strip();
            if (!inSh && !inOther && raw.startsWith("## ")) {
                section = raw.substring(3).strip();
                continue;
            }
            if (line.startsWith("```")) {
                if (inSh || inOther) {
                    if (pending != null) {
                        throw new IllegalArgumentException("README.md:" + pendingLine
                                + ": a command continued with '\\' runs into the end of its block");
                    }
                    inSh = false;
                    inOther = false;
                } else if (line.equals("```sh")) {
                    inSh = true;
                } else {
                    inOther = true;
                }
                continue;
            }
            if (!inSh) {
                continue;
            }
            String body = pending == null && line.startsWith("#") ? "" : stripComment(line);
            if (body.isEmpty() && pending == null) {
                continue;
            }
            boolean continues = body.endsWith("\\");
            if (continues) {
                body = body.substring(0, body.length() - 1).strip();
            }
            if (pending == null) {
                pending = new StringBuilder(body);
                pendingLine = i + 1;
            } else {
                pending.append(' ').append(body);
            }
            if (!continues) {
                out.add(new Command(pendingLine, section, pending.toString().strip()));
                pending = null;
            }
        }
        if (inSh) {
            throw new IllegalArgumentException("README.md: a ```sh block is not closed");
        }
        return out;
    }

    /** Drops a trailing {@code # comment} (a '#' after white space, outside quotes). */
    private static String stripComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).strip();
            }
        }
        return line.strip();
    }
}
