package org.gfncp.cli;

import org.gfncp.cli.error.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gfncp.cli.io.TrainingLog;
import org.gfncp.cli.train.TrainingRun;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;
import org.gfncp.core.io.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool end to end with the real GFNCP and NCP models (tiny networks, reference backend). */
class BuiltInModelsTest {

    @TempDir
    Path dir;

    private Path config(String algorithm) throws IOException {
        return config(algorithm, "", algorithm);
    }

    /** The tiny settings plus {@code extraModel} (", key: value" pairs) in the model map, written as {@code name}. */
    private Path config(String algorithm, String extraModel, String name) throws IOException {
        return Files.writeString(dir.resolve(name + ".json"), "{\"algorithm\": \"" + algorithm + "\", \"batch\": 3,"
                + " \"nMin\": 8, \"nMax\": 12, \"validateEvery\": 2, \"validationSets\": 3, \"validationN\": 10,"
                + " \"checkpointEvery\": 2, \"backend\": \"reference\", \"model\": {\"encoderHidden\": 8,"
                + " \"encodingDimension\": 8, \"hidden\": 8, \"clusterDimension\": 8"
                + ("ncp".equals(algorithm) ? ", \"permutations\": 2" : "") + extraModel + "}}");
    }

    private CliHarness.Run train(String algorithm, Path out, int iterations) throws IOException {
        return CliHarness.runBuiltIn("train", "--config", config(algorithm).toString(), "--iterations",
                Integer.toString(iterations), "--out", out.toString(), "--no-progress");
    }

    @Test
    void gfncpResumesExactly() throws IOException {
        Path straight = dir.resolve("straight");
        Path split = dir.resolve("split");
        CliHarness.Run first = train("gfncp", straight, 4);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(train("gfncp", split, 2).exitCode()).isZero();
        CliHarness.Run resumed = CliHarness.runBuiltIn("train", "--resume",
                split.resolve(TrainingRun.CHECKPOINT_FILE).toString(), "--iterations", "4", "--no-progress");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        Checkpoint a = Checkpoints.read(straight.resolve(TrainingRun.CHECKPOINT_FILE));
        Checkpoint b = Checkpoints.read(split.resolve(TrainingRun.CHECKPOINT_FILE));
        assertThat(a.algorithm()).isEqualTo("gfncp");
        assertThat(a.tensors()).anyMatch(t -> t.name().startsWith("optim/m/"));
        assertThat(b.tensors()).isEqualTo(a.tensors());
        assertThat(b.config()).isEqualTo(a.config());
        List<TrainingLog.Row> la = TrainingLog.read(straight.resolve(TrainingRun.LOG_FILE));
        List<TrainingLog.Row> lb = TrainingLog.read(split.resolve(TrainingRun.LOG_FILE));
        assertThat(lb).extracting(TrainingLog.Row::loss).containsExactlyElementsOf(la.stream().map(TrainingLog.Row::loss).toList());
    }

    /** The tool's own training loop must honour the clip (it once accepted the setting and ignored it). */
    @Test
    void gfncpGradientClipActsOnTheToolsTrainingSteps() throws IOException {
        List<NamedTensor> plain = trainedParameters("");
        assertThat(trainedParameters(", \"gradientClip\": 1e9")).as("a clip above every norm").isEqualTo(plain);
        assertThat(trainedParameters(", \"gradientClip\": 1e-9")).as("a clip below every norm").isNotEqualTo(plain);
    }

    @Test
    void gfncpExplorationSettingsActOnTheToolsTrainingSteps() throws IOException {
        List<NamedTensor> blocks = trainedParameters(", \"beta\": 0");
        assertThat(trainedParameters(", \"beta\": 0, \"pointwiseExploration\": true")).isNotEqualTo(blocks);
        assertThat(trainedParameters(", \"beta\": 1")).isNotEqualTo(blocks);
    }

    private List<NamedTensor> trainedParameters(String extraModel) throws IOException {
        String name = "clip" + Integer.toHexString(extraModel.hashCode());
        Path out = dir.resolve(name);
        CliHarness.Run run = CliHarness.runBuiltIn("train", "--config", config("gfncp", extraModel, name).toString(),
                "--iterations", "2", "--out", out.toString(), "--no-progress");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Checkpoints.read(out.resolve(TrainingRun.CHECKPOINT_FILE)).tensors().stream()
                .filter(t -> t.name().startsWith("model/")).toList();
    }

    @Test
    void trainedModelsClusterEvaluateAndPlot() throws IOException {
        Path g = dir.resolve("g");
        Path n = dir.resolve("n");
        assertThat(train("gfncp", g, 2).exitCode()).isZero();
        CliHarness.Run ncp = train("ncp", n, 2);
        assertThat(ncp.exitCode()).as(ncp.err()).isZero();
        String gck = g.resolve(TrainingRun.CHECKPOINT_FILE).toString();
        String nck = n.resolve(TrainingRun.CHECKPOINT_FILE).toString();

        Path points = Files.writeString(dir.resolve("p.csv"), "0,0\n0.3,0.1\n9,9\n9.2,8.8\n-7,4\n");
        CliHarness.Run cluster = CliHarness.runBuiltIn("cluster", "--checkpoint", gck, "-i", points.toString(),
                "--samples", "2", "--draws", "20");
        assertThat(cluster.exitCode()).as(cluster.err()).isZero();
        assertThat(cluster.out().lines().filter(l -> l.startsWith("0,0,"))).hasSize(5);

        CliHarness.Run eval = CliHarness.runBuiltIn("eval", "--checkpoint", nck, "--sets", "4", "--n", "10");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).startsWith("ncp").containsPattern("NMI\\s+\\d\\.\\d{4} ± ").containsPattern("MC_gt/N\\s+\\d");

        Path png = dir.resolve("sdpp.png");
        CliHarness.Run sdpp = CliHarness.runBuiltIn("plot", "sdpp", "--model", "GFNCP=" + gck, "--model", "NCP=" + nck,
                "--sets", "3", "--n", "8", "--permutations", "10", "--draws", "5", "--out", png.toString());
        assertThat(sdpp.exitCode()).as(sdpp.err()).isZero();
        assertThat(Files.size(png)).isGreaterThan(5_000);

        CliHarness.Run wrongDimension = CliHarness.runBuiltIn("cluster", "--checkpoint", gck, "-i",
                Files.writeString(dir.resolve("d3.csv"), "1,2,3\n4,5,6\n").toString());
        assertThat(wrongDimension.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(wrongDimension.err()).contains("expects 2-dimensional points");
    }

    /** A GFNCP trained two iterations at the tiny settings (sets of 8 to 11 points); its checkpoint's path. */
    private String tinyGfncp() throws IOException {
        Path g = dir.resolve("g");
        assertThat(train("gfncp", g, 2).exitCode()).isZero();
        return g.resolve(TrainingRun.CHECKPOINT_FILE).toString();
    }

    @Test
    void setsFarLargerThanTheTrainingSetsAreWarnedAbout() throws IOException {
        String gck = tinyGfncp();
        // trained at N 8..11: 30 times that is 330 points
        CliHarness.Run small = CliHarness.runBuiltIn("eval", "--checkpoint", gck, "--sets", "2", "--n", "330");
        assertThat(small.exitCode()).as(small.err()).isZero();
        assertThat(small.err()).doesNotContain("warning");
        CliHarness.Run large = CliHarness.runBuiltIn("eval", "--checkpoint", gck, "--sets", "2", "--n", "331");
        assertThat(large.exitCode()).as(large.err()).isZero();
        assertThat(large.err()).contains("warning: generated sets: a set of 331 points, 30 times the largest this"
                + " model was trained on (11)");
        assertThat(large.out()).containsPattern("NMI\\s+\\d");
        assertThat(large.err()).contains("--assign-after 11");
    }

    @Test
    void pointsFarOutsideTheTrainingScaleAreWarnedAboutAndOverflowIsAnInputError() throws IOException {
        String gck = tinyGfncp();
        // the training extent is 5 * 10 + 5 * 1 = 55 from the median; the warning comes beyond 4 times that
        Path near = Files.writeString(dir.resolve("near.csv"), "x,y\n0,0\n1,1\n-219,2\n3,-1\n");
        Path wide = Files.writeString(dir.resolve("wide.csv"), "x,y\n0,0\n1,1\n-222,2\n3,-1\n");
        CliHarness.Run inRange = CliHarness.runBuiltIn("cluster", "--checkpoint", gck, "-i", near.toString());
        assertThat(inRange.exitCode()).as(inRange.err()).isZero();
        assertThat(inRange.err()).doesNotContain("warning");
        CliHarness.Run warned = CliHarness.runBuiltIn("cluster", "--checkpoint", gck, "-i", wide.toString());
        assertThat(warned.exitCode()).as(warned.err()).isZero();
        assertThat(warned.err()).contains("warning: " + wide + ": coordinates lie up to 223 from their set's median,"
                + " over 4 times the extent of the sets this model was trained on (about 55");
        assertThat(warned.out().lines().count()).isEqualTo(5);

        // at 1e30 the float32 energies no longer resolve a probability: an error naming the user's set, no output
        Path far = Files.writeString(dir.resolve("far.csv"),
                "set,x,y\na,0,0\na,1,1\na,2,2\nsecond,0,0\nsecond,1e30,1\nsecond,2,2\n");
        Path out = dir.resolve("far-labels.csv");
        for (String[] decoding : new String[][] {{}, {"--beam", "3"}, {"--samples", "2", "--draws", "4"},
                {"--assign-after", "2"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("cluster", "--checkpoint", gck, "-i",
                    far.toString(), "--set-column", "set", "-o", out.toString(), "--no-progress"));
            args.addAll(List.of(decoding));
            CliHarness.Run overflow = CliHarness.runBuiltIn(args.toArray(new String[0]));
            assertThat(overflow.exitCode()).as(overflow.err()).isEqualTo(ExitCodes.INPUT);
            assertThat(overflow.err()).contains("coordinates lie up to 1.00e+30")
                    .containsPattern("error: " + java.util.regex.Pattern.quote(far.toString())
                            + ": set second, the step of point \\d: the model's energy reached .*, beyond what float32"
                            + " resolves; .* rescale them");
            assertThat(out).doesNotExist();
        }
        Path labeled = Files.writeString(dir.resolve("far-labeled.csv"),
                "set,x,y,c\na,0,0,0\na,1,1,0\na,2,2,1\nsecond,0,0,0\nsecond,1e30,1,1\nsecond,2,2,0\n");
        CliHarness.Run eval = CliHarness.runBuiltIn("eval", "--checkpoint", gck, "-i", labeled.toString(),
                "--set-column", "set", "--label-column", "c", "--no-progress");
        assertThat(eval.exitCode()).as(eval.err()).isEqualTo(ExitCodes.INPUT);
        assertThat(eval.err()).contains(labeled + ": set second, the step of point");
        Path png = dir.resolve("far.png");
        CliHarness.Run plot = CliHarness.runBuiltIn("plot", "clusters", "--checkpoint", gck, "-i", far.toString(),
                "--set-column", "set", "--set", "second", "-o", png.toString());
        assertThat(plot.exitCode()).as(plot.err()).isEqualTo(ExitCodes.INPUT);
        assertThat(plot.err()).contains(far + ": set second, the step of point");
        assertThat(png).doesNotExist();
    }

    @Test
    void inputSetsAreMedianCenteredUnlessAskedNotTo() throws IOException {
        String gck = tinyGfncp();
        // medians (0, 0), coordinates exact in binary so that shifting and centering round nothing
        double[][] points = {{-1, 0.5}, {0, 0}, {0.25, -0.75}, {2, 1}, {-3.5, -2}};
        StringBuilder centered = new StringBuilder();
        StringBuilder shifted = new StringBuilder();
        for (double[] p : points) {
            centered.append(p[0]).append(',').append(p[1]).append('\n');
            shifted.append(p[0] + 48).append(',').append(p[1] - 32).append('\n');
        }
        Path a = Files.writeString(dir.resolve("centered.csv"), centered);
        Path b = Files.writeString(dir.resolve("shifted.csv"), shifted);
        CliHarness.Run asCentered = CliHarness.runBuiltIn("cluster", "--checkpoint", gck, "-i", a.toString());
        CliHarness.Run moved = CliHarness.runBuiltIn("cluster", "--checkpoint", gck, "-i", b.toString());
        CliHarness.Run asGiven = CliHarness.runBuiltIn("cluster", "--checkpoint", gck, "-i", b.toString(),
                "--no-center");
        assertThat(List.of(asCentered, moved, asGiven)).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        assertThat(moved.out()).isEqualTo(asCentered.out());
        assertThat(asGiven.out()).isNotEqualTo(asCentered.out());
    }

    @Test
    void assignAfterDecodesTheFirstPointsThenAssignsTheRest() throws IOException {
        String gck = tinyGfncp();
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            csv.append(i % 2 == 0 ? 0.1 * i : 30 + 0.1 * i).append(',').append(0.05 * i).append('\n');
        }
        Path points = Files.writeString(dir.resolve("many.csv"), csv);
        Path json = dir.resolve("after.json");
        CliHarness.Run run = CliHarness.runBuiltIn("cluster", "--checkpoint", gck, "-i", points.toString(),
                "--assign-after", "8", "-o", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile()).get("sets").get(0).get("clusterings").get(0);
        assertThat(result.get("labels")).hasSize(40);
        assertThat(result.get("assignmentProbabilities")).hasSize(40);
        CliHarness.Run eval = CliHarness.runBuiltIn("eval", "--checkpoint", gck, "--sets", "2", "--n", "30",
                "--assign-after", "8");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("greedy decoding of the first 8 points, later points assigned given them");
        CliHarness.Run both = CliHarness.runBuiltIn("eval", "--checkpoint", gck, "--assign-after", "8", "--beam", "2");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("choose one");
        CliHarness.Run one = CliHarness.runBuiltIn("eval", "--checkpoint", gck, "--assign-after", "1");
        assertThat(one.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(one.err()).contains("--assign-after must be at least 2");
    }

    @Test
    void unknownModelSettingIsReported() throws IOException {
        Path cfg = Files.writeString(dir.resolve("bad.json"), "{\"algorithm\": \"gfncp\", \"model\": {\"hiddden\": 4}}");
        CliHarness.Run run = CliHarness.runBuiltIn("train", "--config", cfg.toString(), "--iterations", "1", "--out",
                dir.resolve("x").toString(), "--no-progress");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains("hiddden");
    }

    @Test
    void evalDecodesByBeamSearchWhereWidthOneIsGreedy() throws IOException {
        Path out = dir.resolve("beam");
        assertThat(train("gfncp", out, 2).exitCode()).isZero();
        String ckpt = out.resolve(TrainingRun.CHECKPOINT_FILE).toString();
        String[] sets = {"--sets", "6", "--n", "15", "--seed", "5", "--backend", "reference"};
        Evaluated g = eval(ckpt, sets, "greedy");
        Evaluated b1 = eval(ckpt, sets, "one", "--beam", "1");
        Evaluated b5 = eval(ckpt, sets, "five", "--beam", "5");
        assertThat(g.run().out()).contains("greedy decoding");
        assertThat(b5.run().out()).contains("beam search, width 5");
        assertThat(b1.values("NMI")).isEqualTo(g.values("NMI"));
        assertThat(b5.json().get("decoding").asText()).isEqualTo("beam search, width 5");
        assertThat(b5.values("NMI")).hasSize(6);
        CliHarness.Run zero = CliHarness.runBuiltIn(with(sets, "eval", "--checkpoint", ckpt, "--beam", "0"));
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).contains("--beam must be at least 1");

        Path points = Files.writeString(dir.resolve("p.csv"), "0,0\n0.2,0.1\n9,9\n9.1,8.8\n-7,4\n0.1,0.3\n");
        CliHarness.Run plain = CliHarness.runBuiltIn("cluster", "--checkpoint", ckpt, "-i", points.toString(),
                "--backend", "reference");
        CliHarness.Run width1 = CliHarness.runBuiltIn("cluster", "--checkpoint", ckpt, "-i", points.toString(),
                "--backend", "reference", "--beam", "1");
        CliHarness.Run width3 = CliHarness.runBuiltIn("cluster", "--checkpoint", ckpt, "-i", points.toString(),
                "--backend", "reference", "--beam", "3");
        assertThat(List.of(plain, width1, width3)).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        assertThat(width1.out()).isEqualTo(plain.out()).contains("log_prob");
        assertThat(width3.out().lines().count()).isEqualTo(plain.out().lines().count());
        CliHarness.Run both = CliHarness.runBuiltIn("cluster", "--checkpoint", ckpt, "-i", points.toString(),
                "--beam", "3", "--samples", "2");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("choose one");
    }

    @Test
    void samplesTemperedTowardZeroAreTheGreedyClustering() throws IOException {
        Path out = dir.resolve("tempered");
        assertThat(train("gfncp", out, 2).exitCode()).isZero();
        String ckpt = out.resolve(TrainingRun.CHECKPOINT_FILE).toString();
        String[] sets = {"--sets", "5", "--n", "12", "--seed", "9", "--backend", "reference", "--no-progress"};
        Evaluated g = eval(ckpt, sets, "greedy");
        Evaluated plain = eval(ckpt, sets, "plain", "--average-score", "30");
        Evaluated frozen = eval(ckpt, sets, "frozen", "--average-score", "30", "--temperature", "1e-9");
        assertThat(frozen.run().out()).contains("of 30 samples at temperature 1.0E-9");
        // every draw takes a most probable step, as greedy decoding does; only exact float ties (which both break at
        // random) leave more than one clustering in a set, and where one is left it is the greedy one
        int single = 0;
        for (int i = 0; i < 5; i++) {
            int distinct = frozen.values("distinct").get(i).asInt();
            assertThat(distinct).isBetween(1, 3);
            if (distinct == 1) {
                assertThat(frozen.values("NMI").get(i).asDouble()).isEqualTo(g.values("NMI").get(i).asDouble());
                single++;
            }
        }
        assertThat(single).isPositive();
        // an untrained model's own samples are spread
        assertThat(plain.json().get("metrics").get("distinct").get("mean").asDouble()).isGreaterThan(5);

        Path points = Files.writeString(dir.resolve("t.csv"), "0,0\n0.2,0.1\n9,9\n9.1,8.8\n-7,4\n0.1,0.3\n");
        CliHarness.Run top = CliHarness.runBuiltIn("cluster", "--checkpoint", ckpt, "-i", points.toString(),
                "--backend", "reference", "--samples", "1", "--temperature", "0.5");
        assertThat(top.exitCode()).as(top.err()).isZero();
        assertThat(top.out()).contains("log_prob");
        CliHarness.Run alone = CliHarness.runBuiltIn("cluster", "--checkpoint", ckpt, "-i", points.toString(),
                "--temperature", "0.5");
        assertThat(alone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(alone.err()).contains("give --samples too");
    }

    /** An eval run (exit code 0) and the JSON it wrote. */
    private record Evaluated(CliHarness.Run run, com.fasterxml.jackson.databind.JsonNode json) {
        com.fasterxml.jackson.databind.JsonNode values(String metric) {
            return json.get("metrics").get(metric).get("values");
        }
    }

    /** {@code gfncp eval} of {@code ckpt} on {@code sets} with {@code options}, its JSON written as {@code name}. */
    private Evaluated eval(String ckpt, String[] sets, String name, String... options) throws IOException {
        Path json = dir.resolve(name + ".json");
        String[] head = with(options, "eval", "--checkpoint", ckpt, "--json", json.toString());
        CliHarness.Run run = CliHarness.runBuiltIn(with(sets, head));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new Evaluated(run, new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()));
    }

    /** {@code head} followed by {@code tail}. */
    private static String[] with(String[] tail, String... head) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
