package org.gfncp.experiments.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.MixtureOfGaussians.LabeledSet;
import org.gfncp.core.io.AtomicFiles;
import org.gfncp.core.random.RandomStream;

/**
 * Generates, stores and reloads test benchmarks. The file holds the spec, then per set its points, ground-truth
 * labels and true cluster means (gzip-compressed big-endian doubles/ints), so every run evaluates bit-identical sets.
 */
public final class TestSets {

    private static final int MAGIC = 0x47545331; // "GTS1"

    private TestSets() {
    }

    /** The sets of {@code spec}, generated deterministically from its seed. */
    public static List<LabeledSet> generate(TestSetSpec spec) {
        MixtureOfGaussians generator = new MixtureOfGaussians();
        RandomStream random = new RandomStream(spec.seed());
        return generator.testSets(spec.sets(), spec.setSize(), spec.generationAlpha(), spec.rule(), random);
    }

    /** Loads the stored sets of {@code spec} from {@code dir}, generating and storing them first if absent. */
    public static List<LabeledSet> loadOrCreate(Path dir, TestSetSpec spec) throws IOException {
        Path file = dir.resolve(spec.fileName());
        if (Files.exists(file)) {
            return read(file, spec);
        }
        List<LabeledSet> sets = generate(spec);
        write(file, spec, sets);
        return sets;
    }

    /** Writes {@code sets} atomically. */
    public static void write(Path file, TestSetSpec spec, List<LabeledSet> sets) throws IOException {
        AtomicFiles.write(file, raw -> {
            GZIPOutputStream zip = new GZIPOutputStream(raw, 1 << 16);
            DataOutputStream out = new DataOutputStream(zip);
            out.writeInt(MAGIC);
            out.writeUTF(spec.profile().name());
            out.writeInt(spec.setSize());
            out.writeInt(spec.sets());
            out.writeInt(spec.fixedClusters());
            out.writeLong(spec.seed());
            out.writeInt(sets.size());
            for (LabeledSet set : sets) {
                int n = set.size();
                int d = set.points()[0].length;
                out.writeInt(n);
                out.writeInt(d);
                out.writeInt(set.clusters());
                for (double[] row : set.points()) {
                    for (double v : row) {
                        out.writeDouble(v);
                    }
                }
                for (int label : set.labels()) {
                    out.writeInt(label);
                }
                for (double[] mean : set.means()) {
                    for (double v : mean) {
                        out.writeDouble(v);
                    }
                }
            }
            out.flush();
            zip.finish();
        });
    }

    /**
     * Reads a stored benchmark and checks it is the one {@code expected} describes.
     *
     * @throws IOException if the file is not a test-set file, is truncated, or holds another spec
     */
    public static List<LabeledSet> read(Path file, TestSetSpec expected) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a test-set file");
            }
            TestSetSpec stored = new TestSetSpec(Profile.valueOf(in.readUTF()), in.readInt(), in.readInt(),
                    in.readInt(), in.readLong());
            if (!stored.equals(expected)) {
                throw new IOException(file + " holds " + stored + ", not " + expected);
            }
            int count = in.readInt();
            List<LabeledSet> sets = new ArrayList<>(count);
            for (int s = 0; s < count; s++) {
                int n = in.readInt();
                int d = in.readInt();
                int k = in.readInt();
                double[][] points = new double[n][d];
                for (double[] row : points) {
                    for (int j = 0; j < d; j++) {
                        row[j] = in.readDouble();
                    }
                }
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = in.readInt();
                }
                double[][] means = new double[k][d];
                for (double[] mean : means) {
                    for (int j = 0; j < d; j++) {
                        mean[j] = in.readDouble();
                    }
                }
                sets.add(new LabeledSet(points, labels, means));
            }
            return sets;
        }
    }
}
