package org.gfncp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gfncp.cli.error.ExitCodes;
import org.gfncp.cli.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gfncp demo} and {@code gfncp eval --record} end to end with a tiny real GFNCP (reference backend). */
class DemoCommandTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path dir;

    private Path tinyConfig() throws IOException {
        return Files.writeString(dir.resolve("tiny.json"), "{\"algorithm\": \"gfncp\", \"batch\": 3, \"nMin\": 8,"
                + " \"nMax\": 12, \"validateEvery\": 1, \"validationSets\": 2, \"validationN\": 8, \"backend\": \"reference\","
                + " \"model\": {\"encoderHidden\": 8, \"encodingDimension\": 8, \"hidden\": 8, \"clusterDimension\": 8}}");
    }

    private Path trainTiny(Path out) throws IOException {
        CliHarness.Run train = CliHarness.runBuiltIn("train", "--config", tinyConfig().toString(), "--iterations", "2",
                "--out", out.toString(), "--no-progress");
        assertThat(train.exitCode()).as(train.err()).isZero();
        return out;
    }

    private static void assertPng(Path file) throws IOException {
        assertThat(file).isRegularFile();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(1000);
        assertThat(java.util.Arrays.copyOf(bytes, 4)).containsExactly(PNG_MAGIC);
    }

    @Test
    void demoClustersFreshSetsPrintsMetricsAndWritesBothPlots() throws IOException {
        Path model = trainTiny(dir.resolve("model"));
        Path out = dir.resolve("demo");
        CliHarness.Run demo = CliHarness.runBuiltIn("demo", "--model", model.toString(), "--out", out.toString(),
                "--sets", "5", "--n", "10", "--draws", "5", "--backend", "reference");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("gfncp model", "(2 training iterations)", "backend reference",
                        "M=5, N=10, alpha=0.7, 2<=K<=10")
                .containsPattern("NMI  \\d\\.\\d{4} ± \\d\\.\\d{4}").containsPattern("ARI  -?\\d\\.\\d{4} ± \\d\\.\\d{4}")
                .containsPattern("time \\d+\\.\\d{2} s for 5 sets").containsPattern("clustering #1: p=[0-9.e-]+, K=\\d+")
                .doesNotContain("training a small one");
        assertPng(out.resolve("clusterings.png"));
        assertPng(out.resolve("training.png"));
    }

    @Test
    void demoTrainsAModelFirstWhenTheFolderHasNone() throws IOException {
        Path model = dir.resolve("fresh");
        Path out = dir.resolve("demo");
        CliHarness.Run demo = CliHarness.runBuiltIn("demo", "--model", model.toString(), "--out", out.toString(),
                "--train-config", tinyConfig().toString(), "--train-iterations", "2", "--sets", "3", "--n", "8",
                "--draws", "4", "--no-progress");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("training a small one into " + model).contains("(2 training iterations)");
        assertThat(model.resolve(TrainingRun.CHECKPOINT_FILE)).isRegularFile();
        assertThat(model.resolve("config.json")).content().contains("\"iterations\" : 2");
        assertThat(model.resolve(TrainingRun.LOG_FILE)).content().contains("\n2,");
        assertPng(out.resolve("training.png"));
    }

    @Test
    void demoRejectsBadDraws() {
        CliHarness.Run demo = CliHarness.runBuiltIn("demo", "--draws", "0");
        assertThat(demo.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(demo.err()).contains("--draws");
    }

    @Test
    void evalRecordKeepsOneEntryPerLabelInJsonAndMarkdown() throws IOException {
        String checkpoint = trainTiny(dir.resolve("model")).resolve(TrainingRun.CHECKPOINT_FILE).toString();
        Path record = dir.resolve("metrics.json");
        for (String[] run : new String[][] {{"C", "10"}, {"K6", "12"}, {"C", "10"}}) {
            CliHarness.Run eval = CliHarness.runBuiltIn("eval", "--checkpoint", checkpoint, "--sets", "3", "--n", run[1],
                    "--record", record.toString(), "--label", run[0]);
            assertThat(eval.exitCode()).as(eval.err()).isZero();
            assertThat(eval.out()).contains("recorded as '" + run[0] + "'").containsPattern("decoding took \\d+\\.\\d{2} s");
        }
        JsonNode json = new ObjectMapper().readTree(record.toFile());
        assertThat(json.get("evaluations").size()).isEqualTo(2);
        JsonNode c = json.get("evaluations").get("C");
        assertThat(c.get("sets").asText()).contains("M=3, N=10");
        assertThat(c.get("metrics").get("NMI").get("mean").asDouble()).isBetween(0.0, 1.0);
        assertThat(c.get("metrics").get("NMI").get("sets").asInt()).isEqualTo(3);
        assertThat(c.get("metrics").get("NMI").has("values")).isFalse();
        assertThat(c.get("trainingIterations").asInt()).isEqualTo(2);
        assertThat(json.get("evaluations").get("K6").get("sets").asText()).contains("N=12");
        String md = Files.readString(dir.resolve("metrics.md"));
        assertThat(md).contains("| evaluation | sets | model | backend | decoding | NMI | ARI |")
                .contains("| gfncp, 2 iterations | reference | greedy decoding |");
        assertThat(c.get("decoding").asText()).isEqualTo("greedy decoding");
        assertThat(md.lines().filter(l -> l.startsWith("| C |"))).hasSize(1);
        assertThat(md.lines().filter(l -> l.startsWith("| K6 |"))).singleElement().asString().containsPattern("\\d\\.\\d{4} ± \\d\\.\\d{4}");
    }
}
