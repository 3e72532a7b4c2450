package org.gfncp.cli;

import org.gfncp.cli.error.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    @Test
    void unknownAlgorithmListsValidNamesWithUsageExitCode() {
        CliHarness.Run run = CliHarness.run("train", "--algorithm", "kmeans", "--iterations", "1", "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown algorithm 'kmeans'").contains("valid algorithms: fake, other");
    }

    @Test
    void unknownBackendListsValidNamesWithUsageExitCode() {
        CliHarness.Run run = CliHarness.run("train", "--algorithm", "fake", "--backend", "cuda9", "--iterations", "1",
                "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown backend 'cuda9'").contains("valid backends here: reference")
                .contains("djl, dl4j, tensorflow");
    }

    @Test
    void knownBackendMissingFromClasspathNamesItsProfile() {
        CliHarness.Run run = CliHarness.run("train", "--algorithm", "fake", "--backend", "djl", "--iterations", "1",
                "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("-Pdjl");
    }

    @Test
    void missingSubcommandAndUnknownOptionAreUsageErrors() {
        assertThat(CliHarness.run().exitCode()).isEqualTo(ExitCodes.USAGE);
        CliHarness.Run unknown = CliHarness.run("eval", "--checkpoint", "x.ckpt", "--frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("--frobnicate");
    }

    @Test
    void helpListsSubcommandsAndExitCodes() {
        CliHarness.Run run = CliHarness.run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("train", "cluster", "eval", "plot", "Exit codes");
    }

    @Test
    void missingCheckpointIsAnInputError() {
        CliHarness.Run run = CliHarness.run("eval", "--checkpoint", dir.resolve("none.ckpt").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains("checkpoint file not found");
    }
}
