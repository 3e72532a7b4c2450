package org.gfncp.experiments.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.cli.model.TrainingConfig;
import org.gfncp.experiments.data.Profile;
import org.gfncp.experiments.data.TestSetSpec;
import org.gfncp.experiments.eval.Aggregate;
import org.gfncp.experiments.eval.Metric;
import org.gfncp.experiments.eval.DecodingMode;
import org.gfncp.experiments.eval.ScoreStore;
import org.gfncp.experiments.model.FakeModel;
import org.gfncp.experiments.model.TrainingPlan;
import org.gfncp.experiments.progress.Progress;
import org.gfncp.experiments.report.Json;
import org.gfncp.experiments.train.ToolRuns;
import org.gfncp.experiments.train.Training;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableExperimentTest {

    @TempDir
    Path dir;

    @Test
    void writesMarkdownJsonAndPlotsWithOneRowPerAlgorithm() throws IOException {
        Map<String, TrainingPlan> plans = new LinkedHashMap<>();
        plans.put("ncp", TrainingPlan.codeDefaults("ncp", 2, 6).withBatch(2));
        plans.put("gfncp", TrainingPlan.codeDefaults("gfncp", 2, 6).withBatch(2));
        List<TestSetSpec> benchmarks = List.of(new TestSetSpec(Profile.P, 60, 10, 6, 1),
                new TestSetSpec(Profile.C, 40, 12, 6, 1));
        TableExperiment.Result result;
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            Training training = new Training(FakeModel.source(), backend, 1, Progress.silent());
            result = new TableExperiment(training, "reference (test)", "CPU: test", Progress.silent())
                    .run(new TableExperiment.Settings(TableKind.TABLE2, plans, List.of(5L, 6L, 7L), benchmarks,
                            dir.resolve("sets"), dir.resolve("ckpt"), Training.Choice.FINAL, dir.resolve("out"), DecodingMode.GREEDY));
        }
        String md = Files.readString(result.markdown());
        assertThat(md).contains("Table 2 (MoG, K fixed to 6)").contains("backend: reference (test)")
                .contains("device: CPU: test").contains("iterations: ncp 2, gfncp 2").contains("profile P")
                .contains("profile C").contains("N = 60, M = 10 test sets").contains("{5, 6, 7}");
        List<String> mainRows = md.lines().filter(l -> l.startsWith("| NCP |") || l.startsWith("| GFNCP |")).toList();
        // per profile: main table, spread table, and 3 per-seed rows each; plus the paper table
        assertThat(mainRows).hasSize(2 * (2 + 2 + 6) + 2);
        assertThat(md).contains("| GFNCP | 0.96 ± 0.00 | 0.98 ± 0.01 | 3.7 ± 2.5 |");
        // one oracle row per profile, with the sets' Bayes-optimal NMI (below 1: clusters overlap at times)
        assertThat(md.lines().filter(l -> l.startsWith("| Oracle (true means; ± over sets) | 0.9"))).hasSize(2);
        for (TableExperiment.AlgorithmResults a : result.algorithms()) {
            for (var seeds : a.perBenchmark()) {
                assertThat(seeds).hasSize(3);
                double nmi = Aggregate.of(seeds, Metric.NMI).acrossSeeds().mean();
                double ari = Aggregate.of(seeds, Metric.ARI).acrossSeeds().mean();
                assertThat(nmi).isBetween(0.0, 1.0 + 1e-12);
                assertThat(ari).isBetween(0.0, 1.0 + 1e-12);
                // the table shows exactly these numbers
                assertThat(md).contains(String.format(java.util.Locale.ROOT, "%.3f ± ", nmi));
                assertThat(seeds.get(0).scores().get(Metric.K_TRUE)).containsOnly(6.0);
            }
        }
        // the fake gfncp (radius 4) clusters MoG better than the fake ncp (radius 2)
        double ncp = Aggregate.of(result.algorithms().get(0).perBenchmark().get(0), Metric.NMI).acrossSeeds().mean();
        double gfncp = Aggregate.of(result.algorithms().get(1).perBenchmark().get(0), Metric.NMI).acrossSeeds().mean();
        assertThat(gfncp).isGreaterThan(ncp);

        JsonNode json = Json.mapper().readTree(result.json().toFile());
        assertThat(json.get("table").asText()).isEqualTo("table2");
        assertThat(json.get("algorithms")).hasSize(2);
        JsonNode first = json.get("algorithms").get(0).get("results").get(0);
        assertThat(first.get("seeds")).hasSize(3);
        assertThat(first.get("seeds").get(0).get("perSet").get("NMI")).hasSize(10);
        assertThat(first.get("aggregates").get("NMI").get("mean").asDouble()).isCloseTo(ncp,
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(result.plots()).hasSize(2);
        for (Path plot : result.plots()) {
            byte[] png = Files.readAllBytes(plot);
            assertThat(png.length).isGreaterThan(1000);
            assertThat(png[1]).isEqualTo((byte) 'P');
            assertThat(png[2]).isEqualTo((byte) 'N');
            assertThat(md).contains("](" + plot.getFileName() + ")");
        }
    }

    @Test
    void namedRunsAreDescribedByTheirOwnSettings() throws IOException {
        Map<String, TrainingPlan> plans = new LinkedHashMap<>();
        plans.put("ncp", TrainingPlan.codeDefaults("ncp", 2, null).withBatch(2));
        plans.put("gfncp", TrainingPlan.codeDefaults("gfncp", 2, null).withBatch(2));
        List<TestSetSpec> benchmarks = List.of(new TestSetSpec(Profile.C, 30, 4, 0, 1));
        TableExperiment.Result result;
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            Training training = new Training(FakeModel.source(), backend, 1, Progress.silent());
            for (long seed : List.of(5L, 6L)) {
                Training.Outcome stage = training.trainOrLoad(plans.get("gfncp"), seed, dir.resolve("stage"),
                        Training.Choice.FINAL);
                stage.model().close();
                TrainingConfig fineTune = TrainingConfig.defaults().withAlgorithm("gfncp").withSeed(seed + 10)
                        .withBatch(3).withSetSizes(30, 61).withIterations(seed == 5 ? 7 : 9).withBackend("djl")
                        .withInit(stage.checkpoint().toString());
                ToolRuns.write(dir.resolve("ft-seed" + seed), fineTune, stage.checkpoint(), stage.checkpoint());
            }
            result = new TableExperiment(training.withRuns(Map.of("gfncp", dir + "/ft-seed{seed}")),
                    "reference (test)", "CPU: test", Progress.silent())
                    .run(new TableExperiment.Settings(TableKind.TABLE3, plans, List.of(5L, 6L), benchmarks,
                            dir.resolve("sets"), dir.resolve("ckpt"), Training.Choice.FINAL, dir.resolve("out"), DecodingMode.GREEDY));
        }
        String md = Files.readString(result.markdown());
        assertThat(md).contains("iterations: ncp 2, gfncp 7/9").contains("- gfncp: 7 iterations, batch 3, N in [30, 61)")
                .contains("seed 15, from " + dir.resolve("stage")).contains("seed 16, from ");
        assertThat(result.algorithms().get(1).perBenchmark().get(0)).allSatisfy(s -> {
            assertThat(s.iterations()).isEqualTo(s.seed() == 5 ? 7 : 9);
            assertThat(s.checkpoint()).contains("ft-seed" + s.seed());
        });
        // ncp was planned: trained by the runner into the checkpoint directory
        assertThat(result.algorithms().get(0).perBenchmark().get(0).get(0).checkpoint()).contains("ckpt");
    }

    @Test
    void aSecondRunWithAStoreReusesEveryEvaluationAndWritesTheSameTable() throws IOException {
        Map<String, TrainingPlan> plans = new LinkedHashMap<>();
        plans.put("ncp", TrainingPlan.codeDefaults("ncp", 2, 6).withBatch(2));
        plans.put("gfncp", TrainingPlan.codeDefaults("gfncp", 2, 6).withBatch(2));
        List<TestSetSpec> benchmarks = List.of(new TestSetSpec(Profile.P, 40, 6, 6, 1));
        List<String> log = new java.util.ArrayList<>();
        ScoreStore store = new ScoreStore(dir.resolve("scores"), log::add);
        String[] tables = new String[2];
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            Training training = new Training(FakeModel.source(), backend, 1, Progress.silent());
            for (int run = 0; run < 2; run++) {
                TableExperiment.Result result = new TableExperiment(training, "reference (test)", "CPU: test",
                        Progress.silent(), store).run(new TableExperiment.Settings(TableKind.TABLE3, plans,
                                List.of(5L, 6L), benchmarks, dir.resolve("sets"), dir.resolve("ckpt"),
                                Training.Choice.FINAL, dir.resolve("out" + run), DecodingMode.GREEDY));
                tables[run] = Files.readString(result.markdown());
            }
        }
        // 2 algorithms x 2 seeds x 1 benchmark, all evaluated in the first run and read back in the second
        assertThat(log).filteredOn(l -> l.startsWith("reusing the stored evaluation")).hasSize(4);
        assertThat(tables[1]).isEqualTo(tables[0]);
    }

    @Test
    void aBeamTableSaysSoAndKeepsItsEvaluationsApartFromGreedyOnes() throws IOException {
        Map<String, TrainingPlan> plans = new LinkedHashMap<>();
        plans.put("gfncp", TrainingPlan.codeDefaults("gfncp", 2, 6).withBatch(2));
        List<TestSetSpec> benchmarks = List.of(new TestSetSpec(Profile.C, 40, 6, 0, 1));
        List<String> log = new java.util.ArrayList<>();
        ScoreStore store = new ScoreStore(dir.resolve("scores"), log::add);
        TableExperiment.Result beam;
        TableExperiment.Result greedy;
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            Training training = new Training(FakeModel.source(), backend, 1, Progress.silent());
            TableExperiment experiment = new TableExperiment(training, "reference (test)", "CPU: test",
                    Progress.silent(), store);
            beam = experiment.run(new TableExperiment.Settings(TableKind.TABLE3, plans, List.of(5L), benchmarks,
                    dir.resolve("sets"), dir.resolve("ckpt"), Training.Choice.FINAL, dir.resolve("beam"),
                    DecodingMode.parse("beam:5")));
            greedy = experiment.run(new TableExperiment.Settings(TableKind.TABLE3, plans, List.of(5L), benchmarks,
                    dir.resolve("sets"), dir.resolve("ckpt"), Training.Choice.FINAL, dir.resolve("greedy"),
                    DecodingMode.GREEDY));
        }
        assertThat(log).noneMatch(l -> l.startsWith("reusing"));
        assertThat(Files.readString(beam.markdown())).startsWith("# GFNCP").contains("Beam search with 5 beams")
                .doesNotContain("Greedy decoding");
        assertThat(Files.readString(greedy.markdown())).contains("Greedy decoding;");
        assertThat(Json.mapper().readTree(beam.json().toFile()).path("decoding").asText()).isEqualTo("beam:5");
        // the fake's beam search makes one cluster of every set, its greedy decoding more
        var beamScores = beam.algorithms().get(0).perBenchmark().get(0).get(0).scores();
        var greedyScores = greedy.algorithms().get(0).perBenchmark().get(0).get(0).scores();
        assertThat(beamScores.get(Metric.K_PRED)).containsOnly(1.0);
        assertThat(greedyScores.summary(Metric.K_PRED).mean()).isGreaterThan(1.0);
    }
}
