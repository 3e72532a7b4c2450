package org.gfncp.cli;

import org.gfncp.cli.error.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.core.data.ClusterCountRule;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

    @TempDir
    Path dir;

    Path checkpoint;

    @BeforeEach
    void writeCheckpoint() throws IOException {
        checkpoint = dir.resolve("fake.ckpt");
        Checkpoints.write(checkpoint, new Checkpoint("fake", Map.of("dimension", 2, "radius", 3.0), Map.of(),
                List.of(new NamedTensor("model/radius", new int[] {1}, new float[] {4f}),
                        new NamedTensor("optim/steps", new int[] {}, new float[] {0f}))));
    }

    @Test
    void generatedSetsGiveMeanAndStdOfEveryMetric() throws IOException {
        Path json = dir.resolve("eval.json");
        CliHarness.Run run = CliHarness.run("eval", "--checkpoint", checkpoint.toString(), "--sets", "12", "--n", "40",
                "--fixed-k", "3", "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("M=12, N=40").contains("K=3").containsPattern("NMI\\s+0\\.\\d{4} ± 0\\.\\d{4}")
                .contains("ARI").contains("ACC").contains("MC_pred/N").contains("MC_gt/N");
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        JsonNode nmi = doc.get("metrics").get("NMI");
        assertThat(nmi.get("sets").asInt()).isEqualTo(12);
        assertThat(nmi.get("values")).hasSize(12);
        // fake MC = K/N; on the ground truth K is always 3
        assertThat(doc.get("metrics").get("MC_gt/N").get("mean").asDouble()).isCloseTo(3.0 / 40, org.assertj.core.data.Offset.offset(1e-12));
        // well separated MoG clusters (std 10 vs 1) and a leader model with radius 4: mostly right
        assertThat(nmi.get("mean").asDouble()).isGreaterThan(0.5);
        // the oracle (true means) is near perfect on K = 3 and bounds the model from above on average
        double oracle = doc.get("metrics").get("oracle NMI").get("mean").asDouble();
        assertThat(oracle).isGreaterThan(0.9).isLessThanOrEqualTo(1.0).isGreaterThanOrEqualTo(nmi.get("mean").asDouble() - 0.02);
        assertThat(doc.get("metrics").get("oracle ARI").get("values")).hasSize(12);
        // under the generating law, wherever the prediction is the truth the gap is 0 and counts as preferred
        JsonNode gap = doc.get("metrics").get("law dlogp").get("values");
        JsonNode preferred = doc.get("metrics").get("law pred>=truth").get("values");
        JsonNode ari = doc.get("metrics").get("ARI").get("values");
        assertThat(gap).hasSize(12);
        for (int i = 0; i < 12; i++) {
            if (ari.get(i).asDouble() == 1.0) {
                assertThat(gap.get(i).asDouble()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(preferred.get(i).asDouble()).isEqualTo(gap.get(i).asDouble() >= 0 ? 1.0 : 0.0);
        }
        assertThat(doc.get("metrics").get("law dlogp oracle").get("values")).hasSize(12);
    }

    @Test
    void labeledCsvInputIsScoredAgainstItsLabels() throws IOException {
        Path input = Files.writeString(dir.resolve("l.csv"), "set,x,y,c\n0,0,0,0\n0,0.1,0,0\n0,20,20,1\n1,5,5,3\n1,5,5.2,3\n");
        CliHarness.Run run = CliHarness.run("eval", "--checkpoint", checkpoint.toString(), "-i", input.toString(),
                "--set-column", "0", "--label-column", "c");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 labeled set(s)").contains("NMI        1.0000 ± 0.0000").contains("ACC        1.0000 ± 0.0000")
                .contains("oracle NMI n/a (given sets carry no true cluster means)")
                .containsPattern("law dlogp\\s+n/a \\(given sets have no known generating law\\)");
        CliHarness.Run noLabels = CliHarness.run("eval", "--checkpoint", checkpoint.toString(), "-i", input.toString());
        assertThat(noLabels.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noLabels.err()).contains("--label-column");
    }

    @Test
    void averageScoreAveragesTheDistinctSamplesOfEachSet() throws IOException {
        JsonNode metrics = evalMetrics("average score over the distinct clusterings of 25 samples", "--sets", "8",
                "--n", "30", "--seed", "7", "--average-score", "25");
        List<Sampled> sets = sampledAsEvalDraws(8, 7, 25);
        boolean spread = false;
        for (int i = 0; i < sets.size(); i++) {
            int[] truth = sets.get(i).truth();
            List<Clustering> samples = sets.get(i).samples();
            double[] nmi = samples.stream().mapToDouble(c -> ClusteringMetrics.nmi(truth, c.labels())).toArray();
            double[] ari = samples.stream().mapToDouble(c -> ClusteringMetrics.ari(truth, c.labels())).toArray();
            assertThat(metrics.get("NMI").get("values").get(i).asDouble()).isCloseTo(ClusteringMetrics.mean(nmi), offset(1e-12));
            assertThat(metrics.get("ARI").get("values").get(i).asDouble()).isCloseTo(ClusteringMetrics.mean(ari), offset(1e-12));
            assertThat(metrics.get("best NMI").get("values").get(i).asDouble()).isEqualTo(Arrays.stream(nmi).max().orElseThrow());
            assertThat(metrics.get("best ARI").get("values").get(i).asDouble()).isEqualTo(Arrays.stream(ari).max().orElseThrow());
            assertThat(metrics.get("distinct").get("values").get(i).asInt()).isEqualTo(samples.size());
            // single-clustering metrics read the most probable sample (the fake's MC is K / N)
            assertThat(metrics.get("MC_pred/N").get("values").get(i).asDouble())
                    .isCloseTo(samples.get(0).clusters() / 30.0, offset(1e-12));
            spread |= samples.size() > 1 && Arrays.stream(nmi).distinct().count() > 1;
        }
        assertThat(spread).as("some set must have samples that score differently, or averaging is not tested").isTrue();

        assertUsageError("--average-score must be at least 1", "--average-score", "0");
        assertUsageError("--average-score and --beam are two ways to decode", "--average-score", "5", "--beam", "2");
        assertUsageError("needs T <= S", "--average-score", "5", "--draws", "4");
        assertUsageError("give --average-score too", "--draws", "40");
        assertUsageError("give --average-score too", "--temperature", "0.5");
        assertUsageError("--temperature must be positive and finite", "--average-score", "5", "--temperature", "0");
        assertUsageError("--temperature needs a model that decodes point by point", "--average-score", "5",
                "--temperature", "0.5", "--sets", "1", "--n", "5");
    }

    /** Eval of the checkpoint with {@code options} succeeds, prints {@code printed}, and writes these metrics. */
    private JsonNode evalMetrics(String printed, String... options) throws IOException {
        Path json = dir.resolve("eval-metrics.json");
        String[] args = new String[options.length + 5];
        args[0] = "eval";
        args[1] = "--checkpoint";
        args[2] = checkpoint.toString();
        args[3] = "--json";
        args[4] = json.toString();
        System.arraycopy(options, 0, args, 5, options.length);
        CliHarness.Run run = CliHarness.run(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(printed);
        return new ObjectMapper().readTree(json.toFile()).get("metrics");
    }

    /** Eval of the checkpoint with {@code options} exits with a usage error that says {@code message}. */
    private void assertUsageError(String message, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "eval";
        args[1] = "--checkpoint";
        args[2] = checkpoint.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        CliHarness.Run run = CliHarness.run(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(message);
    }

    @Test
    void averageScoreCanKeepTheMostProbableOfMoreDraws() throws IOException {
        JsonNode metrics = evalMetrics("average score over the 4 most probable distinct clusterings of 40 samples",
                "--sets", "6", "--n", "30", "--seed", "3", "--average-score", "4", "--draws", "40");
        List<Sampled> sets = sampledAsEvalDraws(6, 3, 40);
        boolean cut = false;
        for (int i = 0; i < sets.size(); i++) {
            int[] truth = sets.get(i).truth();
            List<Clustering> samples = sets.get(i).samples();
            List<Clustering> top = samples.subList(0, Math.min(4, samples.size()));
            assertThat(metrics.get("NMI").get("values").get(i).asDouble()).isCloseTo(ClusteringMetrics.mean(
                    top.stream().mapToDouble(c -> ClusteringMetrics.nmi(truth, c.labels())).toArray()), offset(1e-12));
            assertThat(metrics.get("distinct").get("values").get(i).asInt()).isEqualTo(top.size());
            cut |= samples.size() > 4;
        }
        assertThat(cut).as("some set must have more distinct samples than it keeps").isTrue();
    }

    /** A generated set's true labels and the distinct samples the checkpoint's model draws from it. */
    private record Sampled(int[] truth, List<Clustering> samples) { }

    /** Eval's generated sets (N = 30, profile C) and what the checkpoint's model draws, with the seeds eval documents. */
    private static List<Sampled> sampledAsEvalDraws(int count, long seed, int draws) {
        FakeModels.Model model = new FakeModels.Model("fake", 2, 4f);
        List<MixtureOfGaussians.LabeledSet> sets = new MixtureOfGaussians().testSets(count, 30, 0.7,
                ClusterCountRule.between(2, 10), new RandomStream(seed));
        List<Sampled> out = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Sampled(sets.get(i).labels(), model.sample(sets.get(i).points(), draws, seed + i)));
        }
        return out;
    }

    @Test
    void exactPosteriorScoresEveryClusteringOfSmallGeneratedSets() throws IOException {
        JsonNode metrics = evalMetrics("post KL", "--sets", "4", "--n", "6", "--exact-posterior");
        for (int i = 0; i < 4; i++) {
            assertThat(metrics.get("post KL").get("values").get(i).asDouble()).isGreaterThanOrEqualTo(-1e-9);
            // entropies over the 203 partitions of 6 points
            assertThat(metrics.get("post H true").get("values").get(i).asDouble()).isBetween(0.0, Math.log(203));
            assertThat(metrics.get("post H model").get("values").get(i).asDouble()).isBetween(0.0, Math.log(203) + 1e-9);
            assertThat(metrics.get("post p(pred)").get("values").get(i).asDouble()).isBetween(0.0, 1.0);
        }
        assertUsageError("at most 10 points, not --n 11", "--exact-posterior", "--n", "11");
    }

    @Test
    void beamSearchNeedsAModelThatDecodesPointByPoint() {
        CliHarness.Run run = CliHarness.run("eval", "--checkpoint", checkpoint.toString(), "--sets", "2", "--n", "10",
                "--beam", "3");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--beam needs a model that decodes point by point").contains("fake");
    }

    @Test
    void decodingDrawsAProgressBarUnlessToldNotTo() {
        String[] args = {"eval", "--checkpoint", checkpoint.toString(), "--sets", "40", "--n", "12"};
        CliHarness.Run shown = CliHarness.runWithProgress(args);
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.progress()).contains("eval").contains("40/40");
        String[] quiet = java.util.Arrays.copyOf(args, args.length + 1);
        quiet[args.length] = "--no-progress";
        CliHarness.Run hidden = CliHarness.runWithProgress(quiet);
        assertThat(hidden.exitCode()).as(hidden.err()).isZero();
        assertThat(hidden.progress()).isEmpty();
        assertThat(hidden.out()).contains("NMI").contains("M=40, N=12");
    }
}
