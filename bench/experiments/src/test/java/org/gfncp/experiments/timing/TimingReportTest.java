package org.gfncp.experiments.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimingReportTest {

    @TempDir
    Path dir;

    private static TimingResult result(String backend, double gfncpSeconds, double clusterSeconds) {
        TimingResult.Training t = new TimingResult.Training("gfncp", TimingResult.Training.FRESH, "gfncp: batch 32",
                25, 3, new double[] {gfncpSeconds}, gfncpSeconds);
        List<TimingResult.Size> sizes = List.of(new TimingResult.Size(100, new double[] {clusterSeconds},
                clusterSeconds, 6), new TimingResult.Size(1000, new double[] {10 * clusterSeconds}, 10 * clusterSeconds, 6));
        TimingResult.Clustering c = new TimingResult.Clustering("gfncp", "fresh", 6, sizes, 1.0, List.of(10000));
        return new TimingResult(backend, backend + " engine", "CPU: test", 1, List.of(t), List.of(c));
    }

    @Test
    void mergesBackendsWithRatiosToTheFastestAndToPyTorch() throws IOException {
        TimingRun.write(result("reference", 3.7, 0.02), dir.resolve("reference"));
        TimingRun.write(result("djl", 0.925, 0.01), dir.resolve("djl"));
        assertThat(dir.resolve("djl").resolve("timing-clustering.png")).exists();
        List<String> merged = TimingReport.merge(dir, List.of("reference", "djl", "dl4j"));
        assertThat(merged).containsExactly("reference", "djl");
        String md = Files.readString(dir.resolve("timing.md"));
        // reference is 4x slower than djl; djl is 2x faster than 1.85 s/it, reference 0.5x
        assertThat(md).contains("| reference | reference engine | 1 | fresh | 3.700 | 0.270 | 4.00 | 0.50x |");
        assertThat(md).contains("| djl | djl engine | 1 | fresh | 0.925 | 1.081 | 1.00 | 2.00x |");
        assertThat(md).doesNotContain("| trained |");
        assertThat(md).contains("3 warm-up + 1 measured iterations, after 25 iterations of a throwaway model warmed "
                + "the JVM");
        assertThat(md).contains("| reference | GFNCP | fresh | 0.0200 | 0.2000 | skipped (budget) | 6.0 | 1.00 | yes | 2.00 (N=1000) |");
        assertThat(md).contains("| djl | GFNCP | fresh | 0.0100 | 0.1000 | skipped (budget) | 6.0 | 1.00 | yes | 1.00 (N=1000) |");
        assertThat(dir.resolve("timing.png")).doesNotExist();
        assertThat(dir.resolve("timing-clustering.png")).exists();
    }

    @Test
    void trainedWeightsGetRowsOfTheirOwnComparedAmongThemselves() throws IOException {
        TimingResult djl = result("djl", 0.2, 0.01);
        TimingResult.Training trained = new TimingResult.Training("gfncp", "trained: checkpoint.ckpt",
                "gfncp: batch 32", 25, 3, new double[] {0.185}, 0.185);
        TimingRun.write(new TimingResult("djl", "djl engine", "CPU: test", 1,
                List.of(djl.training().get(0), trained), djl.clustering()), dir.resolve("djl"));
        TimingRun.write(result("tensorflow", 0.25, 0.01), dir.resolve("tensorflow"));
        TimingReport.merge(dir, List.of("djl", "tensorflow"));
        String md = Files.readString(dir.resolve("timing.md"));
        assertThat(md).contains("| djl | djl engine | 1 | fresh | 0.200 | 5.000 | 1.00 | 9.25x |");
        // the only trained row is the fastest of its kind, not compared with fresh rows
        assertThat(md).contains("| djl | djl engine | 1 | trained | 0.185 | 5.405 | 1.00 | 10.00x |");
        assertThat(md).contains("| tensorflow | tensorflow engine | 1 | fresh | 0.250 | 4.000 | 1.25 | 7.40x |");
        assertThat(md).contains("gfncp: checkpoint.ckpt");
    }

    @Test
    void timingWrittenBeforeTrainedWeightsReadsAsFresh() throws IOException {
        String old = "{\"algorithm\":\"gfncp\",\"plan\":\"p\",\"warmup\":3,\"seconds\":[0.2],\"medianSeconds\":0.2}";
        TimingResult.Training t = org.gfncp.experiments.report.Json.mapper().readValue(old,
                TimingResult.Training.class);
        assertThat(t.trained()).isFalse();
        assertThat(t.weights()).isEqualTo(TimingResult.Training.FRESH);
        assertThat(t.jvmWarmup()).isZero();
    }

    @Test
    void mergingNothingFails() {
        assertThatThrownBy(() -> TimingReport.merge(dir, List.of("djl"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no timing.json");
    }
}
