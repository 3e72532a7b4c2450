package org.gfncp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.model.Algorithms;
import org.gfncp.cli.model.BackendChoice;
import org.gfncp.cli.model.LoadedModel;
import org.gfncp.core.algo.pointwise.PointwiseClusterer;
import org.gfncp.core.data.PointSets;
import org.junit.jupiter.api.Test;

/** The README's "Clustering from Java" example, on the shipped profile-P model and the reference backend. */
class ReadmeExampleTest {

    private static Path shipped() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("models/gfncp-mog2d-p/checkpoint.ckpt");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("models/gfncp-mog2d-p not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theExampleClustersThreeObviousGroups() throws Exception {
        double[][] points = {{0, 0}, {0.5, 0.2}, {9, 9}, {9.3, 8.7}, {-8, 4}, {-7.6, 4.4}};
        try (LoadedModel model = LoadedModel.open(shipped(), Algorithms.builtIn(), BackendChoice.fromClasspath(),
                "reference", 1)) {
            double[][] centered = PointSets.medianCentered(points);
            Clustering best = model.clusterer().cluster(centered);
            List<Clustering> top3 = model.clusterer().sample(centered, 20, 7).stream().limit(3).toList();
            Clustering large = ((PointwiseClusterer) model.clusterer()).clusterAfter(centered, 300);
            assertThat(best.labels()).containsExactly(0, 0, 1, 1, 2, 2);
            assertThat(top3).isNotEmpty();
            assertThat(top3.get(0).logProb()).isGreaterThanOrEqualTo(top3.get(top3.size() - 1).logProb());
            // a set no larger than the decoded part is decoded greedily
            assertThat(large.labels()).containsExactly(best.labels());
        }
    }
}
