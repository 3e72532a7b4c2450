package org.gfncp.experiments.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.core.random.RandomStream;

/**
 * A deterministic stand-in for a trained model. Its single "weight" folds in every training batch and step draw,
 * so two runs agree only if they saw the same batches in the same order. Greedy decoding is threshold clustering
 * (a point joins the first earlier cluster whose first point is within {@code radius}), which scores well on 2D MoG;
 * its "beam search" puts every point in one cluster, so that a test can tell which decoding a table used.
 */
public final class FakeModel implements ExperimentModel {

    private final String algorithm;
    private final double radius;
    private double weight;
    private int steps;
    private boolean closed;

    public FakeModel(String algorithm, double radius, long seed) {
        this.algorithm = algorithm;
        this.radius = radius;
        this.weight = seed;
    }

    /** A source of fakes; ncp gets a smaller radius than gfncp so that their scores differ. */
    public static ModelSource source() {
        return (backend, plan, seed) -> new FakeModel(plan.algorithm(), plan.algorithm().equals("ncp") ? 2.0 : 4.0,
                seed);
    }

    public double weight() {
        return weight;
    }

    public int steps() {
        return steps;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("radius", radius);
    }

    @Override
    public double trainStep(MixtureOfGaussians.Batch batch, RandomStream random) {
        double sum = 0;
        for (double[][] set : batch.points()) {
            sum += set[0][0] + set.length;
        }
        // rounded like the float32 checkpoint, so a resumed run can match an uninterrupted one exactly
        weight = (float) (weight * 0.5 + sum * 1e-3 + random.nextDouble());
        steps++;
        return 1.0 / steps;
    }

    @Override
    public List<Clustering> greedy(List<double[][]> sets) {
        List<Clustering> out = new ArrayList<>();
        for (double[][] points : sets) {
            int[] labels = new int[points.length];
            List<double[]> anchors = new ArrayList<>();
            for (int i = 0; i < points.length; i++) {
                int found = -1;
                for (int k = 0; k < anchors.size() && found < 0; k++) {
                    double dx = points[i][0] - anchors.get(k)[0];
                    double dy = points[i][1] - anchors.get(k)[1];
                    if (Math.sqrt(dx * dx + dy * dy) < radius) {
                        found = k;
                    }
                }
                if (found < 0) {
                    found = anchors.size();
                    anchors.add(points[i]);
                }
                labels[i] = found;
            }
            out.add(new Clustering(labels, anchors.size(), new double[][] {{1.0}}, -points.length));
        }
        return out;
    }

    @Override
    public List<Clustering> beam(List<double[][]> sets, int width) {
        List<Clustering> out = new ArrayList<>();
        for (double[][] points : sets) {
            out.add(new Clustering(new int[points.length], 1, new double[][] {{1.0}}, -width));
        }
        return out;
    }

    /** Its greedy clustering, then (for two samples or more) one cluster of every point, less probable. */
    @Override
    public List<Clustering> sample(double[][] points, int samples, long seed) {
        List<Clustering> out = new ArrayList<>(greedy(List.<double[][]>of(points)));
        if (samples > 1 && out.get(0).clusters() > 1) {
            out.add(new Clustering(new int[points.length], 1, new double[][] {{1.0}}, -points.length - 1));
        }
        return out;
    }

    @Override
    public double[] marginalConsistency(List<double[][]> sets, List<int[]> labels) {
        double[] out = new double[sets.size()];
        for (int s = 0; s < out.length; s++) {
            out[s] = Partitions.clusterCount(labels.get(s)) / (double) sets.get(s).length;
        }
        return out;
    }

    @Override
    public double[] logProbs(double[][][] sets, int[][] labels) {
        double[] out = new double[sets.length];
        for (int s = 0; s < out.length; s++) {
            // order-dependent: the first point's coordinate enters the score
            out[s] = -0.1 * Math.abs(sets[s][0][0]) - Partitions.clusterCount(labels[s]);
        }
        return out;
    }

    @Override
    public List<NamedTensor> tensors() {
        return List.of(new NamedTensor("fake/weight", new int[] {1}, new float[] {(float) weight}),
                new NamedTensor("fake/steps", new int[] {1}, new float[] {steps}));
    }

    @Override
    public void load(List<NamedTensor> tensors) {
        for (NamedTensor t : tensors) {
            if (t.name().equals("fake/weight")) {
                weight = t.data()[0];
            } else if (t.name().equals("fake/steps")) {
                steps = (int) t.data()[0];
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
