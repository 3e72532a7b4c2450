package org.gfncp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.api.tensor.DType;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.cli.model.TopClusterings;
import org.gfncp.core.algo.gfncp.Gfncp;
import org.gfncp.core.algo.gfncp.GfncpConfig;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.Test;

class TopClusteringsTest {

    @Test
    void includesGreedyAndReturnsDistinctClusteringsMostProbableFirst() {
        Clusterer model = FakeModels.factory("fake").create(null, Map.of("radius", 1.0), 1).clusterer();
        double[][] points = {{0, 0}, {0.8, 0}, {5, 5}, {5.5, 5}, {0.4, 0.3}, {9, 0}};
        Clustering greedy = model.cluster(points);
        List<Clustering> top = TopClusterings.of(model, points, 1, 3, 4);
        assertThat(top).isNotEmpty().hasSizeLessThanOrEqualTo(4);
        assertThat(top).extracting(c -> Arrays.toString(c.labels())).doesNotHaveDuplicates()
                .contains(Arrays.toString(greedy.labels()));
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).logProb()).isLessThanOrEqualTo(top.get(i - 1).logProb());
        }
        List<Clustering> many = TopClusterings.of(model, points, 200, 3, 3);
        assertThat(many).hasSize(3);
        assertThat(many.get(0).logProb()).isGreaterThanOrEqualTo(greedy.logProb());
    }

    @Test
    void aPointwiseModelsFinalBeamsAreCandidates() {
        double[][] points = {{0, 0}, {0.8, 0}, {5, 5}, {5.5, 5}, {0.4, 0.3}, {9, 0}, {4.6, 5.2}};
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
                Gfncp model = new Gfncp(backend, GfncpConfig.mog2d().withSizes(8, 8, 8, 12).withSeed(5),
                        DType.FLOAT64)) {
            List<Clustering> beams = model.beamSearchAll(points, 10);
            // one draw: without the beams the list would hold the greedy clustering and at most one sample
            List<Clustering> top = TopClusterings.of(model, points, 1, 3, 3);
            assertThat(top).hasSize(3);
            assertThat(top.get(0).logProb()).isGreaterThanOrEqualTo(beams.get(0).logProb());
            for (int i = 0; i < 3; i++) {
                assertThat(top.get(i).logProb()).isGreaterThanOrEqualTo(beams.get(i).logProb());
            }
        }
    }
}
