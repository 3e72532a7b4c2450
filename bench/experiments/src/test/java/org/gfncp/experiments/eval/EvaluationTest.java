package org.gfncp.experiments.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.gfncp.core.data.MixtureOfGaussians.LabeledSet;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.experiments.data.Profile;
import org.gfncp.experiments.data.TestSetSpec;
import org.gfncp.experiments.data.TestSets;
import org.gfncp.experiments.model.FakeModel;
import org.gfncp.experiments.progress.Progress;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void scoresEverySetAgainstItsOwnGroundTruth() {
        // more sets than one evaluation chunk
        List<LabeledSet> sets = TestSets.generate(new TestSetSpec(Profile.C, 40, Evaluation.CHUNK + 20, 0, 5));
        SetScores perfect = Evaluation.evaluate(new FakeModel("gfncp", 4.0, 1), sets, DecodingMode.GREEDY, "t", Progress.silent());
        assertThat(perfect.sets()).isEqualTo(Evaluation.CHUNK + 20);
        for (int i = 0; i < sets.size(); i++) {
            assertThat(perfect.get(Metric.K_TRUE)[i]).isEqualTo(sets.get(i).clusters());
            assertThat(perfect.get(Metric.NMI)[i]).isBetween(0.0, 1.0 + 1e-12);
            assertThat(perfect.get(Metric.ARI)[i]).isBetween(-1.0, 1.0 + 1e-12);
            // the fake's MC is K/N of the labels it is given
            assertThat(perfect.get(Metric.MC_GT)[i]).isCloseTo(sets.get(i).clusters() / 40.0, within(1e-12));
            assertThat(perfect.get(Metric.MC_PRED)[i]).isCloseTo(perfect.get(Metric.K_PRED)[i] / 40.0, within(1e-12));
        }
        // threshold clustering with radius 4 recovers well-separated MoG clusters most of the time
        assertThat(perfect.summary(Metric.NMI).mean()).isGreaterThan(0.8);
        SetScores split = Evaluation.evaluate(new FakeModel("ncp", 0.0, 1), sets, DecodingMode.GREEDY, "t", Progress.silent());
        // radius 0 makes every point its own cluster: K_pred = N
        assertThat(split.get(Metric.K_PRED)).containsOnly(40.0);
        assertThat(split.summary(Metric.ARI).mean()).isLessThan(perfect.summary(Metric.ARI).mean());
        // the decoding asked for is the one scored: the fake's beam search makes one cluster
        SetScores beams = Evaluation.evaluate(new FakeModel("gfncp", 4.0, 1), sets, DecodingMode.parse("beam:5"), "t",
                Progress.silent());
        assertThat(beams.get(Metric.K_PRED)).containsOnly(1.0);
        assertThat(beams.get(Metric.MC_PRED)).containsOnly(1 / 40.0);
        // average mode: NMI and ARI averaged over the fake's two samples (its greedy clustering, then one cluster),
        // MC and K of the first
        SetScores average = Evaluation.evaluate(new FakeModel("gfncp", 4.0, 1), sets, DecodingMode.parse("average:2"),
                "t", Progress.silent());
        for (int i = 0; i < sets.size(); i++) {
            int[] truth = sets.get(i).labels();
            int[] greedy = new FakeModel("gfncp", 4.0, 1).greedy(List.<double[][]>of(sets.get(i).points())).get(0).labels();
            int[] one = new int[truth.length];
            assertThat(average.get(Metric.NMI)[i]).isCloseTo(
                    (ClusteringMetrics.nmi(truth, greedy) + ClusteringMetrics.nmi(truth, one)) / 2, within(1e-12));
            assertThat(average.get(Metric.ARI)[i]).isCloseTo(
                    (ClusteringMetrics.ari(truth, greedy) + ClusteringMetrics.ari(truth, one)) / 2, within(1e-12));
            assertThat(average.get(Metric.K_PRED)[i]).isEqualTo(perfect.get(Metric.K_PRED)[i]);
            assertThat(average.get(Metric.MC_PRED)[i]).isEqualTo(perfect.get(Metric.MC_PRED)[i]);
        }
        assertThat(average.summary(Metric.NMI).mean()).isLessThan(perfect.summary(Metric.NMI).mean());
    }
}
