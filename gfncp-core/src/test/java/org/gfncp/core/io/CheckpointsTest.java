package org.gfncp.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path dir;

    record ModelConfig(String encoder, int hidden, double lr, List<Integer> sizes) {
    }

    private static Checkpoint sample(int iteration) {
        return new Checkpoint("gfncp",
                Checkpoint.toMap(new ModelConfig("mlp", 128, 5e-4, List.of(2, 128, 128))),
                Map.of("iteration", iteration, "seed", 123L, "note", "ü ✓"),
                List.of(new NamedTensor("model/w", new int[] {2, 3}, new float[] {1, -2.5f, 3, Float.MIN_VALUE, Float.MAX_VALUE, -0f}),
                        new NamedTensor("model/b", new int[] {3}, new float[] {0.1f, 0.2f, iteration}),
                        new NamedTensor("optim/step", new int[] {}, new float[] {7}),
                        new NamedTensor("empty", new int[] {0, 4}, new float[0])));
    }

    @Test
    void roundTripPreservesEverything() throws IOException {
        Path file = dir.resolve("a.ckpt");
        Checkpoint original = sample(500);
        Checkpoints.write(file, original);
        Checkpoint back = Checkpoints.read(file);
        assertThat(back.algorithm()).isEqualTo("gfncp");
        assertThat(back.tensors()).containsExactlyElementsOf(original.tensors());
        assertThat(back.requireTensor("model/w").shape()).containsExactly(2, 3);
        assertThat(Float.floatToRawIntBits(back.requireTensor("model/w").data()[5])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(back.config(ModelConfig.class)).isEqualTo(new ModelConfig("mlp", 128, 5e-4, List.of(2, 128, 128)));
        assertThat(((Number) back.state().get("iteration")).intValue()).isEqualTo(500);
        assertThat(back.state().get("note")).isEqualTo("ü ✓");
        assertThatThrownBy(() -> back.requireTensor("nope")).hasMessageContaining("model/w");
    }

    @Test
    void fileStartsWithMagicAndLittleEndianVersion() throws IOException {
        byte[] bytes = Checkpoints.toBytes(sample(1));
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("GFNCPCK1");
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(buffer.getInt(8)).isEqualTo(1);
        int headerLength = buffer.getInt(12);
        String header = new String(bytes, 16, headerLength, StandardCharsets.UTF_8);
        assertThat(header).contains("\"algorithm\":\"gfncp\"").contains("\"payloadBytes\":40");
        // the first payload float of model/w is 1.0f = 0x3f800000, stored little-endian
        int payload = 16 + headerLength + 4;
        assertThat(buffer.getFloat(payload)).isEqualTo(1.0f);
        assertThat(bytes.length).isEqualTo(payload + 40 + 32);
    }

    @Test
    void truncatedFileIsReportedAsTruncated() throws IOException {
        byte[] bytes = Checkpoints.toBytes(sample(1));
        for (int cut : new int[] {bytes.length - 1, bytes.length - 40, 20, 12, 3}) {
            Path file = Files.write(dir.resolve("t" + cut), Arrays.copyOf(bytes, cut));
            assertThatThrownBy(() -> Checkpoints.read(file)).isInstanceOf(CheckpointException.class)
                    .hasMessageMatching(cut < 8 ? ".*not a GFNCP checkpoint.*" : ".*truncated.*");
        }
        Path longer = Files.write(dir.resolve("long"), Arrays.copyOf(bytes, bytes.length + 3));
        assertThatThrownBy(() -> Checkpoints.read(longer)).hasMessageContaining("3 unexpected trailing bytes");
    }

    @Test
    void everyFlippedByteIsDetected() throws IOException {
        byte[] bytes = Checkpoints.toBytes(sample(1));
        for (int i = 0; i < bytes.length; i++) {
            byte[] corrupt = bytes.clone();
            corrupt[i] ^= 0x10;
            int at = i;
            assertThatThrownBy(() -> Checkpoints.fromBytes(corrupt, "f")).as("flip at byte %d", at)
                    .isInstanceOf(CheckpointException.class);
        }
        byte[] inPayload = bytes.clone();
        int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        inPayload[16 + headerLength + 4 + 24 + 1] ^= 1;
        assertThatThrownBy(() -> Checkpoints.fromBytes(inPayload, "f")).hasMessageContaining("tensor 'model/b' fails its CRC32");
        byte[] inDigest = bytes.clone();
        inDigest[bytes.length - 1] ^= 1;
        assertThatThrownBy(() -> Checkpoints.fromBytes(inDigest, "f")).hasMessageContaining("SHA-256");
        byte[] inHeader = bytes.clone();
        inHeader[20] ^= 1;
        assertThatThrownBy(() -> Checkpoints.fromBytes(inHeader, "f")).hasMessageContaining("header checksum mismatch");
    }

    @Test
    void wrongMagicAndVersionAreNamed() throws IOException {
        byte[] bytes = Checkpoints.toBytes(sample(1));
        byte[] magic = bytes.clone();
        magic[7] = '2';
        assertThatThrownBy(() -> Checkpoints.fromBytes(magic, "x.ckpt")).isInstanceOf(CheckpointException.class)
                .hasMessage("x.ckpt: not a GFNCP checkpoint (magic is not \"GFNCPCK1\")");
        byte[] version = bytes.clone();
        version[8] = 2;
        assertThatThrownBy(() -> Checkpoints.fromBytes(version, "x.ckpt"))
                .hasMessageContaining("unsupported checkpoint format version 2");
        assertThatThrownBy(() -> Checkpoints.read(dir.resolve("missing.ckpt"))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void failedWriteLeavesThePreviousCheckpointIntact() throws IOException {
        Path file = dir.resolve("model.ckpt");
        Checkpoints.write(file, sample(100));
        byte[] before = Files.readAllBytes(file);
        byte[] next = Checkpoints.toBytes(sample(200));
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(next, 0, next.length / 2);
            throw new IOException("disk full (simulated)");
        })).hasMessageContaining("disk full");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(((Number) Checkpoints.read(file).state().get("iteration")).intValue()).isEqualTo(100);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.ckpt");
        }
        Checkpoints.write(file, sample(200));
        assertThat(((Number) Checkpoints.read(file).state().get("iteration")).intValue()).isEqualTo(200);
    }

    @Test
    void unserializableConfigAndDuplicateNamesAreRejected() {
        assertThatThrownBy(() -> new Checkpoint("g", Map.of(), Map.of(), List.of(
                new NamedTensor("a", new int[] {1}, new float[1]), new NamedTensor("a", new int[] {1}, new float[1]))))
                .hasMessageContaining("duplicate tensor name 'a'");
        assertThatThrownBy(() -> new NamedTensor("w", new int[] {2, 2}, new float[3]))
                .hasMessageContaining("[2, 2] (4 values) but 3 values");
    }
}
