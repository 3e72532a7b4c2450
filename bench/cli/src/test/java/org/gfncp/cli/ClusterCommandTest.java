package org.gfncp.cli;

import org.gfncp.cli.error.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;
import org.gfncp.core.io.NamedTensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {

    @TempDir
    Path dir;

    Path checkpoint;

    @BeforeEach
    void writeCheckpoint() throws IOException {
        checkpoint = dir.resolve("fake.ckpt");
        Checkpoints.write(checkpoint, new Checkpoint("fake", Map.of("dimension", 2, "radius", 3.0), Map.of("iteration", 1),
                List.of(new NamedTensor("model/radius", new int[] {1}, new float[] {3f}),
                        new NamedTensor("optim/steps", new int[] {}, new float[] {1f}))));
    }

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void greedyCsvOutputHasOneRowPerPointWithProbabilities() throws IOException {
        Path input = csv("p.csv", "x,y\n0,0\n0.5,0\n10,10\n10.2,10\n");
        CliHarness.Run run = CliHarness.run("cluster", "--checkpoint", checkpoint.toString(), "-i", input.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("set,rank,point,label,probability,log_prob,p0,p1,p2");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith("0,0,0,0,1.00000,");
        assertThat(lines.get(3)).startsWith("0,0,2,1,");
        assertThat(lines.get(4)).startsWith("0,0,3,1,");
        String[] last = lines.get(4).split(",", -1);
        double p0 = Double.parseDouble(last[6]);
        double p1 = Double.parseDouble(last[7]);
        double p2 = Double.parseDouble(last[8]);
        assertThat(p0 + p1 + p2).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(p1).isGreaterThan(p0).isGreaterThan(p2);
    }

    @Test
    void setColumnSplitsSetsAndJsonHoldsTopKSamples() throws IOException {
        Path input = csv("sets.csv", "set,x,y\na,0,0\nb,5,5\na,1,0\nb,5,6\na,0,1\n");
        Path output = dir.resolve("out.json");
        CliHarness.Run run = CliHarness.run("cluster", "--checkpoint", checkpoint.toString(), "-i", input.toString(),
                "--set-column", "set", "--samples", "3", "--draws", "50", "-o", output.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(output.toFile());
        assertThat(json.get("sets")).hasSize(2);
        JsonNode a = json.get("sets").get(0);
        assertThat(a.get("set").asText()).isEqualTo("a");
        assertThat(a.get("points").asInt()).isEqualTo(3);
        JsonNode clusterings = a.get("clusterings");
        assertThat(clusterings.size()).isBetween(2, 3);
        assertThat(clusterings.get(0).get("logProb").asDouble())
                .isGreaterThanOrEqualTo(clusterings.get(1).get("logProb").asDouble());
        assertThat(clusterings.get(0).get("labels")).hasSize(3);
        assertThat(json.get("sets").get(1).get("set").asText()).isEqualTo("b");
    }

    @Test
    void npyInputWorks() throws IOException {
        Path input = Npy.write(dir.resolve("p.npy"), new double[][][] {{{0, 0}, {0.1, 0}, {9, 9}}, {{1, 1}, {1, 1.1}, {1.2, 1}}});
        CliHarness.Run run = CliHarness.run("cluster", "--checkpoint", checkpoint.toString(), "-i", input.toString(),
                "--format", "csv");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("1,"))).hasSize(3);
    }

    @Test
    void badPointsGiveClearInputErrors() throws IOException {
        assertInputError(csv("nan.csv", "1,2\n3,NaN\n"), "nan.csv line 2, column 1 (0-based): NaN is not allowed");
        assertInputError(csv("nan2.csv", "x,y\n1,2\n3,nan\n"), "line 3, column 1 ('y', 0-based): NaN is not allowed");
        assertInputError(csv("ragged.csv", "1,2\n3,4,5\n"), "line 2: 3 columns, expected 2");
        assertInputError(csv("empty.csv", ""), "empty.csv contains no points");
        assertInputError(csv("header-only.csv", "x,y\n"), "contains no points");
        assertInputError(csv("text.csv", "1,2\nthree,4\n"), "line 2, column 0 (0-based): not a number: 'three'");
        assertInputError(csv("dim.csv", "1,2,3\n4,5,6\n"), "point 0 has dimension 3, expected 2");
        assertInputError(dir.resolve("missing.csv"), "input file not found");
        assertInputError(Files.write(dir.resolve("bad.npy"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}), "not an NPY file");
    }

    private void assertInputError(Path input, String message) {
        CliHarness.Run run = CliHarness.run("cluster", "--checkpoint", checkpoint.toString(), "-i", input.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void corruptCheckpointIsAnInputError() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint);
        bytes[bytes.length - 40] ^= 1;
        Path corrupt = Files.write(dir.resolve("corrupt.ckpt"), bytes);
        Path input = csv("p.csv", "0,0\n1,1\n");
        CliHarness.Run run = CliHarness.run("cluster", "--checkpoint", corrupt.toString(), "-i", input.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains("corrupt");
    }

    @Test
    void manySetsAreAllDecodedBehindAProgressBar() throws IOException {
        StringBuilder text = new StringBuilder("set,x,y\n");
        for (int set = 0; set < 70; set++) {
            text.append(set).append(",0,0\n").append(set).append(",").append(set % 7).append(",9\n");
        }
        Path input = csv("many.csv", text.toString());
        CliHarness.Run run = CliHarness.runWithProgress("cluster", "--checkpoint", checkpoint.toString(), "-i",
                input.toString(), "--set-column", "set");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().skip(1).count()).isEqualTo(140); // two points in each of 70 sets, all decoded
        assertThat(run.progress()).contains("cluster").contains("70/70");
    }
}
