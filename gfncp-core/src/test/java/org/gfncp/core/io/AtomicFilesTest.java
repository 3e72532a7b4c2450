package org.gfncp.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void createsParentsAndReplacesContent() throws IOException {
        Path file = dir.resolve("a/b/log.csv");
        AtomicFiles.write(file, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(file, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(file)).isEqualTo("two");
    }

    @Test
    void runtimeFailureMidWriteKeepsOldFileAndRemovesTemp() throws IOException {
        Path file = Files.writeString(dir.resolve("keep.txt"), "old");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(file)).isEqualTo("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }
}
