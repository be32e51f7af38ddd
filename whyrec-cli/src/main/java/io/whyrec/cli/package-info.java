/**
 * The whyrec command line: {@link io.whyrec.cli.Main} and one class per subcommand (import, train, recommend,
 * profile, evaluate, explain, demo, bench, serve, disclose, audit, tags, pseudonyms). Every command exits 0 on
 * success, 1 when its input or work fails (with a one-line message naming the file, line or option), and 2 on a
 * usage error.
 */
package io.whyrec.cli;
