package org.gfncp.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guards format version 1: a checkpoint written when the format was defined must still read, and the writer must
 * still produce exactly its bytes. If this fails, the format changed: bump the version and keep a reader for 1.
 */
class CheckpointFixtureTest {

    static Checkpoint fixture() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("pointDimension", 2);
        config.put("hidden", 4);
        config.put("objective", "CODE");
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("iteration", 500);
        state.put("seed", 123);
        return new Checkpoint("gfncp", config, state, List.of(
                new NamedTensor("model/w", new int[] {2, 2}, new float[] {1f, -2f, 0.5f, 3.25f}),
                new NamedTensor("optim/steps", new int[] {}, new float[] {500f})));
    }

    private static byte[] stored() throws IOException {
        try (InputStream in = CheckpointFixtureTest.class.getResourceAsStream("fixture-v1.ckpt")) {
            assertThat(in).as("fixture-v1.ckpt on the test class path").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void versionOneFixtureStillReads() throws IOException {
        Checkpoint read = Checkpoints.fromBytes(stored(), "fixture-v1.ckpt");
        assertThat(read.algorithm()).isEqualTo("gfncp");
        assertThat(read.config()).containsEntry("hidden", 4).containsEntry("objective", "CODE");
        assertThat(read.state()).containsEntry("iteration", 500);
        assertThat(read.tensors()).containsExactlyElementsOf(fixture().tensors());
    }

    @Test
    void writerStillProducesTheFixtureBytes() throws IOException {
        assertThat(Checkpoints.toBytes(fixture())).isEqualTo(stored());
    }
}
