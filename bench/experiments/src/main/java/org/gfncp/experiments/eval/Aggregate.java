package org.gfncp.experiments.eval;

import java.util.List;
import org.gfncp.core.metric.Summary;

/**
 * One metric of one algorithm aggregated over seeds (spec 6).
 *
 * @param acrossSeeds mean and population std of the per-seed means (the paper's stated "mean ± std over 3 seeds")
 * @param acrossSets mean over seeds of the per-seed std across test sets (the other reading of the paper's ±)
 * @param perSeed the per-seed means, in seed order
 */
public record Aggregate(Summary acrossSeeds, double acrossSets, double[] perSeed) {

    public static Aggregate of(List<SeedResult> seeds, Metric metric) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("cannot aggregate " + metric + " over no seeds");
        }
        double[] means = new double[seeds.size()];
        double spread = 0;
        for (int s = 0; s < means.length; s++) {
            Summary summary = seeds.get(s).scores().summary(metric);
            means[s] = summary.mean();
            spread += summary.std();
        }
        return new Aggregate(Summary.of(means), spread / means.length, means);
    }
}
