package org.gfncp.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.core.algo.gfncp.Gfncp;
import org.gfncp.core.algo.gfncp.GfncpTrainer;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.io.AtomicFiles;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.TensorOps;
import org.gfncp.core.algo.gfncp.GfncpConfig;
import org.gfncp.core.algo.ncp.NcpConfig;
import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.random.RandomStream;

/**
 * Fixed, seeded inputs of the model benchmarks, identical on every backend: training batches at the released
 * settings (cycled, so every measured interval sees the same mix of set sizes and cluster counts) and sets to
 * cluster.
 */
final class ModelWorkloads {

    /** Batches cycled by the training benchmarks: enough to mix set sizes 50..99, few enough to repeat often. */
    static final int CYCLE = 8;

    private ModelWorkloads() {
    }

    /**
     * {@code CYCLE} GFNCP batches of {@link GfncpConfig#mog2d()} (batch 32, N in [50, 100), K in [2, 10]), all
     * with data labels: exploration batches (1% at beta = 0.99) skip the contrastive term and would make the
     * per-iteration time depend on the seed.
     */
    static BatchCycle gfncpBatches(long seed) {
        return labeled(GfncpConfig.mog2d().batches(), seed);
    }

    /** {@code CYCLE} NCP batches of {@link NcpConfig#mog2d()} (batch 64, N in [5, 100)). */
    static BatchCycle ncpBatches(long seed) {
        return labeled(NcpConfig.mog2d().batches(), seed);
    }

    private static BatchCycle labeled(MogBatches batches, long seed) {
        RandomStream random = new RandomStream(seed);
        List<TrainingBatch> out = new ArrayList<>(CYCLE);
        while (out.size() < CYCLE) {
            TrainingBatch b = batches.next(random);
            if (!b.exploration()) {
                out.add(b);
            }
        }
        return new BatchCycle(out);
    }

    /**
     * One 2D MoG set of {@code n} points in {@code clusters} equal blocks (means with std 10, points with std 1),
     * in random order.
     */
    static double[][] clusteringSet(int n, int clusters, long seed) {
        if (n < clusters) {
            throw new IllegalArgumentException("need at least one point per cluster, got n=" + n + ", clusters="
                    + clusters);
        }
        RandomStream random = new RandomStream(seed);
        int[] sizes = new int[clusters];
        for (int k = 0; k < clusters; k++) {
            sizes[k] = n / clusters + (k < n % clusters ? 1 : 0);
        }
        double[][] points = new MixtureOfGaussians(2, MixtureOfGaussians.DEFAULT_MEAN_STD,
                MixtureOfGaussians.DEFAULT_POINT_STD).blockSet(sizes, false, random).points();
        return Partitions.permute(points, random.permutation(n));
    }

    /**
     * A {@link GfncpConfig#mog2d()} model after {@code iterations} training iterations, so that greedy decoding opens
     * about as many clusters as the data has (an untrained model opens a new cluster for almost every point, which
     * makes decoding quadratic in N). The weights are cached in {@code dir} by the first JVM that trains them, so
     * every backend and every fork clusters with the same model (by default under {@code java.io.tmpdir}/gfncp-bench).
     */
    static Gfncp pretrainedGfncp(Backend backend, int iterations) {
        return pretrainedGfncp(backend, iterations, Path.of(System.getProperty("java.io.tmpdir"), "gfncp-bench"));
    }

    /** {@link #pretrainedGfncp(Backend, int)} with the cache in {@code dir}. */
    static Gfncp pretrainedGfncp(Backend backend, int iterations, Path dir) {
        Gfncp model = new Gfncp(backend, GfncpConfig.mog2d());
        if (iterations == 0) {
            return model;
        }
        Path file = dir.resolve("gfncp-mog2d-seed" + GfncpConfig.mog2d().seed() + "-it" + iterations + ".weights");
        try {
            if (Files.exists(file)) {
                load(model, backend.ops(), file);
                return model;
            }
            long start = System.nanoTime();
            try (GfncpTrainer trainer = new GfncpTrainer(model)) {
                for (int i = 0; i < iterations; i++) {
                    trainer.step();
                }
            }
            System.out.printf("%n[pretrain] %d GFNCP iterations on %s in %.1f s, cached in %s%n", iterations,
                    backend.name(), (System.nanoTime() - start) / 1e9, file);
            AtomicFiles.write(file, out -> save(model, backend.ops(), out));
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache pretrained weights in " + file, e);
        }
    }

    private static Map<String, Parameter> byName(Gfncp model) {
        return new TreeMap<>(model.parameters().asMap());
    }

    private static void save(Gfncp model, TensorOps ops, OutputStream target) throws IOException {
        Map<String, Parameter> params = byName(model);
        DataOutputStream out = new DataOutputStream(target);
        out.writeInt(params.size());
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Tensor v = e.getValue().value();
            out.writeUTF(e.getKey());
            out.writeInt(v.rank());
            for (int d : v.shape()) {
                out.writeInt(d);
            }
            for (float f : ops.toFloats(v)) {
                out.writeFloat(f);
            }
        }
        out.flush();
    }

    private static void load(Gfncp model, TensorOps ops, Path file) throws IOException {
        Map<String, Parameter> params = byName(model);
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            int count = in.readInt();
            if (count != params.size()) {
                throw new IOException(file + " holds " + count + " parameters, the model has " + params.size());
            }
            for (int p = 0; p < count; p++) {
                String name = in.readUTF();
                Parameter target = params.get(name);
                int[] shape = new int[in.readInt()];
                int size = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = in.readInt();
                    size *= shape[i];
                }
                if (target == null || !java.util.Arrays.equals(shape, target.value().shape())) {
                    throw new IOException(file + ": parameter " + name + java.util.Arrays.toString(shape)
                            + " does not fit the model");
                }
                float[] data = new float[size];
                for (int i = 0; i < size; i++) {
                    data[i] = in.readFloat();
                }
                target.set(ops.fromFloats(data, shape));
            }
        }
    }
}
