package org.gfncp.experiments.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregateTest {

    /** Scores whose NMI per set is {@code nmi}; the other metrics are filler of the same length. */
    static SetScores scores(double... nmi) {
        Map<Metric, double[]> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            values.put(metric, metric == Metric.NMI ? nmi : new double[nmi.length]);
        }
        return new SetScores(values, 1.0);
    }

    @Test
    void meanAndStdAcrossSeedsOfThePerSeedMeans() {
        // per-seed means 0.9, 0.8, 1.0 -> mean 0.9, population std sqrt(0.02/3)
        List<SeedResult> seeds = List.of(
                new SeedResult(1, 10, "reference", "a", scores(0.8, 1.0)),
                new SeedResult(2, 10, "reference", "b", scores(0.8, 0.8)),
                new SeedResult(3, 10, "reference", "c", scores(1.0, 1.0)));
        Aggregate agg = Aggregate.of(seeds, Metric.NMI);
        assertThat(agg.perSeed()).containsExactly(new double[] {0.9, 0.8, 1.0}, within(1e-12));
        assertThat(agg.acrossSeeds().mean()).isCloseTo(0.9, within(1e-12));
        assertThat(agg.acrossSeeds().std()).isCloseTo(Math.sqrt(0.02 / 3), within(1e-12));
        assertThat(agg.acrossSeeds().count()).isEqualTo(3);
        // std across sets per seed: 0.1, 0, 0 -> mean 1/30
        assertThat(agg.acrossSets()).isCloseTo(0.1 / 3, within(1e-12));
    }

    @Test
    void singleSeedHasZeroSeedStd() {
        Aggregate agg = Aggregate.of(List.of(new SeedResult(1, 1, "r", "a", scores(0.5, 0.7))), Metric.NMI);
        assertThat(agg.acrossSeeds().mean()).isCloseTo(0.6, within(1e-12));
        assertThat(agg.acrossSeeds().std()).isZero();
    }

    @Test
    void rejectsNoSeedsAndRaggedScores() {
        assertThatThrownBy(() -> Aggregate.of(List.of(), Metric.NMI)).isInstanceOf(IllegalArgumentException.class);
        Map<Metric, double[]> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            values.put(metric, new double[metric == Metric.ARI ? 3 : 2]);
        }
        assertThatThrownBy(() -> new SetScores(values, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("values");
    }
}
