package org.gfncp.core.algo.pointwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gfncp.api.gfn.Trajectory;
import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** Decoder helpers that need no model. */
class DecodingTest {

    @Test
    void greedyTiesAreBrokenUniformlyAndReproducibly() {
        double[] logProbs = {Math.log(0.4), Math.log(0.1), Math.log(0.4), Math.log(0.1)};
        RandomStream random = new RandomStream(9);
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[Decoding.argmaxWithTies(logProbs, random)]++;
        }
        assertThat(counts[1]).isZero();
        assertThat(counts[3]).isZero();
        assertThat(counts[0]).isBetween(1800, 2200);
        assertThat(Decoding.argmaxWithTies(new double[] {-3, -1, -2}, random)).isEqualTo(1);
        RandomStream a = new RandomStream(5);
        RandomStream b = new RandomStream(5);
        for (int i = 0; i < 50; i++) {
            assertThat(Decoding.argmaxWithTies(logProbs, a)).isEqualTo(Decoding.argmaxWithTies(logProbs, b));
        }
        assertThatThrownBy(() -> Decoding.argmaxWithTies(new double[] {Double.NEGATIVE_INFINITY}, random))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void distinctTrajectoriesAreKeptOnceMostProbableFirst() {
        int[] order = {0, 1, 2};
        double[][] probs = {{1.0}, {0.5, 0.5}, {0.5, 0.5}};
        Trajectory low = new Trajectory(order, new int[] {0, 1, 1}, probs, new double[] {0, -1.0, -2.0});
        Trajectory high = new Trajectory(order, new int[] {0, 0, 0}, probs, new double[] {0, -0.1, -0.2});
        List<Trajectory> out = Decoding.distinctByProbability(List.of(low, high, low, high));
        assertThat(out).containsExactly(high, low);
        assertThat(high.labelsInInputOrder()).containsExactly(0, 0, 0);
        assertThat(low.clusters()).isEqualTo(2);
        assertThat(low.logProb()).isEqualTo(-3.0);
    }
}
