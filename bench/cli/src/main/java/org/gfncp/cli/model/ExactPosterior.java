package org.gfncp.cli.model;

import java.util.Arrays;
import java.util.List;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.core.algo.pointwise.PointwiseClusterer;
import org.gfncp.core.data.ClusterCountRule;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.Partitions;

/**
 * A model's distribution over every clustering of a small generated set against the set's exact posterior under its
 * generating law ({@link MixtureOfGaussians#logJoint}, means integrated out, restricted to the allowed cluster
 * counts): how far the amortized posterior is from the true one, and whether it is too flat or too sharp.
 *
 * @param kl {@code KL(true || model)} in nats
 * @param trueEntropy entropy of the true posterior, nats
 * @param modelEntropy entropy of the model's distribution over all partitions (visiting the points in their order)
 * @param truePosteriorOfPrediction the true posterior probability of the model's decoded clustering
 */
public record ExactPosterior(double kl, double trueEntropy, double modelEntropy, double truePosteriorOfPrediction) {

    /** The largest set scored: 115,975 clusterings, each scored by the model and under the law. */
    public static final int MAX_POINTS = 10;

    public static ExactPosterior of(Clusterer model, double[][] points, int[] predicted, MixtureOfGaussians law,
            double alpha, ClusterCountRule rule) {
        if (points.length > MAX_POINTS) {
            throw new IllegalArgumentException("the exact posterior lists every clustering: at most " + MAX_POINTS
                    + " points, got " + points.length);
        }
        List<int[]> all = Partitions.all(points.length);
        double[] logQ = logProbs(model, points, all);
        double[] truth = new double[all.size()];
        for (int c = 0; c < all.size(); c++) {
            int[] labels = all.get(c);
            truth[c] = rule.accepts(Partitions.clusterCount(labels)) ? law.logJoint(points, labels, alpha)
                    : Double.NEGATIVE_INFINITY;
        }
        double norm = logSumExp(truth);
        int[] prediction = Partitions.relabel(predicted);
        double kl = 0;
        double trueEntropy = 0;
        double modelEntropy = 0;
        double ofPrediction = 0;
        for (int c = 0; c < all.size(); c++) {
            double q = Math.exp(logQ[c]);
            modelEntropy -= q > 0 ? q * logQ[c] : 0;
            if (truth[c] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            double logP = truth[c] - norm;
            double p = Math.exp(logP);
            kl += p * (logP - logQ[c]);
            trueEntropy -= p * logP;
            if (Arrays.equals(prediction, all.get(c))) {
                ofPrediction = p;
            }
        }
        return new ExactPosterior(kl, trueEntropy, modelEntropy, ofPrediction);
    }

    private static double[] logProbs(Clusterer model, double[][] points, List<int[]> labels) {
        if (model instanceof PointwiseClusterer pointwise) {
            return pointwise.partitionLogProbs(points);  // aligned with Partitions.all, each prefix decoded once
        }
        double[] out = new double[labels.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = model.logProb(points, labels.get(c));
        }
        return out;
    }

    private static double logSumExp(double[] values) {
        double max = Arrays.stream(values).max().orElse(Double.NEGATIVE_INFINITY);
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("no clustering of the set has a cluster count the rule allows");
        }
        double sum = 0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
