package org.gfncp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static byte[] idx(int type, int[] shape, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, (byte) type, (byte) shape.length});
        for (int s : shape) {
            out.writeInt(s);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    @Test
    void readsPlainAndGzipAlike() throws IOException {
        byte[] data = {0, 1, (byte) 255, 7, 8, 9};
        byte[] plain = idx(0x08, new int[] {3, 1, 2}, data);
        Files.write(dir.resolve("a.idx"), plain);
        Files.write(dir.resolve("a.idx.gz"), gzip(plain));
        for (String name : new String[] {"a.idx", "a.idx.gz"}) {
            IdxReader.IdxArray array = IdxReader.read(dir.resolve(name));
            assertThat(array.shape()).containsExactly(3, 1, 2);
            assertThat(array.records()).isEqualTo(3);
            assertThat(array.recordSize()).isEqualTo(2);
            assertThat(array.unsigned(2)).isEqualTo(255);
            assertThat(array.record(0, 0.5, 0.5)).containsExactly(new float[] {-1f, 2f / 255 - 1}, within(1e-6f));
        }
    }

    @Test
    void labeledPairMustAgreeOnCount() throws IOException {
        Path images = Files.write(dir.resolve("i"), idx(0x08, new int[] {2, 2, 2}, new byte[8]));
        Path labels = Files.write(dir.resolve("l"), idx(0x08, new int[] {2}, new byte[] {3, 9}));
        Path wrong = Files.write(dir.resolve("w"), idx(0x08, new int[] {3}, new byte[] {3, 9, 1}));
        assertThat(IdxReader.readLabeled(images, labels).labels()).containsExactly(3, 9);
        assertThatThrownBy(() -> IdxReader.readLabeled(images, wrong)).hasMessageContaining("2 images").hasMessageContaining("3 labels");
    }

    @Test
    void badMagicTypeAndTruncationAreReported() throws IOException {
        byte[] good = idx(0x08, new int[] {4}, new byte[] {1, 2, 3, 4});
        byte[] badMagic = good.clone();
        badMagic[1] = 8;
        Files.write(dir.resolve("m"), badMagic);
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("m"))).isInstanceOf(IOException.class).hasMessageContaining("not an IDX file");
        Files.write(dir.resolve("t"), idx(0x0D, new int[] {1}, new byte[4]));
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("t"))).hasMessageContaining("element type 0xd");
        Files.write(dir.resolve("short"), gzip(Arrays.copyOf(good, good.length - 1)));
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("short"))).hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        Files.write(dir.resolve("long"), longer);
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("long"))).hasMessageContaining("trailing bytes");
    }

    /** The shared MNIST files sit at ../shared/datasets from the repository root when the machine has them. */
    @Test
    void readsTheSharedMnistFilesWhenPresent() throws IOException {
        Path datasets = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && datasets == null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/mnist");
            if (Files.isDirectory(candidate)) {
                datasets = candidate;
            }
        }
        Assumptions.assumeTrue(datasets != null, "shared MNIST files not present");
        IdxReader.LabeledImages mnist = IdxReader.readLabeled(datasets.resolve("mnist-10k-images-idx3-ubyte.gz"),
                datasets.resolve("mnist-10k-labels-idx1-ubyte.gz"));
        assertThat(mnist.size()).isEqualTo(10_000);
        assertThat(mnist.images().shape()).containsExactly(10_000, 28, 28);
        assertThat(Arrays.stream(mnist.labels()).allMatch(l -> l >= 0 && l <= 9)).isTrue();
        assertThat(Arrays.stream(mnist.labels()).distinct().count()).isEqualTo(10);
        float[] first = mnist.images().record(0, 0.5, 0.5);
        assertThat(first).hasSize(784);
        float max = -2;
        float min = 2;
        for (float v : first) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertThat(min).isEqualTo(-1f);
        assertThat(max).isGreaterThan(0.5f);
    }
}
