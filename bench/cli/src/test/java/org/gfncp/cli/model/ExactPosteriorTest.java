package org.gfncp.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.core.data.ClusterCountRule;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class ExactPosteriorTest {

    private final MixtureOfGaussians law = new MixtureOfGaussians();
    private final ClusterCountRule rule = ClusterCountRule.between(2, 10);
    private final MixtureOfGaussians.LabeledSet set = law.testSets(1, 7, 0.7, rule, new RandomStream(4)).get(0);

    /** A model that gives every clustering {@code logProb(labels)}. */
    private static Clusterer scoring(ToDoubleFunction<int[]> logProb) {
        return new Clusterer() {
            @Override
            public String name() {
                return "scoring";
            }

            @Override
            public int pointDimension() {
                return 2;
            }

            @Override
            public List<Clustering> clusterAll(List<double[][]> sets) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Clustering> sample(double[][] points, int samples, long seed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double logProb(double[][] points, int[] labels) {
                return logProb.applyAsDouble(Partitions.relabel(labels));
            }
        };
    }

    @Test
    void aModelThatIsThePosteriorIsZeroAwayFromIt() {
        List<int[]> all = Partitions.all(7);
        double[] joint = all.stream().mapToDouble(c -> rule.accepts(Partitions.clusterCount(c))
                ? law.logJoint(set.points(), c, 0.7) : Double.NEGATIVE_INFINITY).toArray();
        double max = java.util.Arrays.stream(joint).max().orElseThrow();
        double norm = max + Math.log(java.util.Arrays.stream(joint).map(v -> Math.exp(v - max)).sum());
        Clusterer exact = scoring(c -> law.logJoint(set.points(), c, 0.7) - norm
                + (rule.accepts(Partitions.clusterCount(c)) ? 0 : Double.NEGATIVE_INFINITY));
        ExactPosterior same = ExactPosterior.of(exact, set.points(), set.labels(), law, 0.7, rule);
        assertThat(same.kl()).isCloseTo(0.0, within(1e-9));
        assertThat(same.modelEntropy()).isCloseTo(same.trueEntropy(), within(1e-9));
        assertThat(same.trueEntropy()).isPositive();
        double truthLogJoint = law.logJoint(set.points(), set.labels(), 0.7);
        assertThat(same.truePosteriorOfPrediction()).isCloseTo(Math.exp(truthLogJoint - norm), within(1e-12));
    }

    @Test
    void aUniformModelIsLogBellMinusTheTrueEntropyAway() {
        double logBell = Math.log(877);
        ExactPosterior uniform = ExactPosterior.of(scoring(c -> -logBell), set.points(), set.labels(), law, 0.7, rule);
        assertThat(uniform.modelEntropy()).isCloseTo(logBell, within(1e-9));
        assertThat(uniform.kl()).isCloseTo(logBell - uniform.trueEntropy(), within(1e-9));
    }

    @Test
    void largerSetsAreRefused() {
        double[][] points = new double[11][2];
        assertThatThrownBy(() -> ExactPosterior.of(scoring(c -> 0), points, new int[11], law, 0.7, rule))
                .hasMessageContaining("at most 10 points");
    }
}
