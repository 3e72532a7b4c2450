/**
 * The {@code gfncp} command-line tool: {@code train}, {@code cluster}, {@code eval} and {@code plot} subcommands
 * (picocli). {@link org.gfncp.cli.Main} maps failures to exit codes ({@link org.gfncp.cli.error.ExitCodes}).
 */
package org.gfncp.cli;
