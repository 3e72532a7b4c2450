package org.gfncp.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Native memory really goes when tensors are closed. Each test's operations would leak hundreds of megabytes if
 * results lived until the eager context closed, so a bound on the process's resident set catches that.
 */
class TfMemoryTest {

    private static final int OPS = 5_000;
    /** [256, 128] FLOAT32: 128 KiB per result, so 5,000 leaked results would be 640 MiB. */
    private static final int ROWS = 256;
    private static final int COLS = 128;
    private static final long ALLOWED_GROWTH = 96L << 20;

    private static long residentBytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        Assumptions.assumeTrue(Files.isReadable(status), "needs /proc/self/status (Linux)");
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS line in /proc/self/status");
    }

    private static Backend open() {
        return new TfBackendProvider().create(new BackendConfig(1, 1, false));
    }

    @Test
    void closingEachResultKeepsResidentMemoryFlat() throws IOException {
        try (Backend backend = open()) {
            TensorOps ops = backend.ops();
            Tensor x = ops.full(DType.FLOAT32, 0.5, ROWS, COLS);
            long baseline = backend.diagnostics().liveTensors();
            for (int i = 0; i < 200; i++) {
                ops.add(x, x).close();
            }
            long before = residentBytes();
            for (int i = 0; i < OPS; i++) {
                ops.add(x, x).close();
            }
            long growth = residentBytes() - before;
            assertThat(backend.diagnostics().liveTensors()).isEqualTo(baseline);
            assertThat(growth).as("resident growth over %d closed add results", OPS).isLessThan(ALLOWED_GROWTH);
            x.close();
        }
    }

    @Test
    void scopedChainsOfComposedKernelsKeepResidentMemoryFlat() throws IOException {
        try (Backend backend = open()) {
            TensorOps ops = backend.ops();
            Tensor x = ops.full(DType.FLOAT32, 0.25, ROWS, COLS);
            long baseline = backend.diagnostics().liveTensors();
            long before = 0;
            for (int step = 0; step < 1_000 + 50; step++) {
                if (step == 50) {
                    before = residentBytes();
                }
                try (TensorScope scope = backend.openScope()) {
                    // Chained results feed the next op, and logSumExp/argmax create temporaries internally.
                    Tensor y = ops.exp(ops.add(x, x));
                    Tensor lse = ops.logSumExp(y, 0, true);
                    ops.argmax(ops.sub(y, lse), 1);
                }
            }
            long growth = residentBytes() - before;
            assertThat(backend.diagnostics().liveTensors()).isEqualTo(baseline);
            assertThat(growth).as("resident growth over 1,000 scoped steps").isLessThan(ALLOWED_GROWTH);
            x.close();
        }
    }

    @Test
    void closingTheBackendReleasesWhatIsStillAlive() {
        Backend backend = open();
        TensorOps ops = backend.ops();
        Tensor owned = ops.full(DType.FLOAT64, 1, 3);
        Tensor scoped;
        TensorScope scope = backend.openScope();
        scoped = ops.exp(owned);
        backend.close();
        assertThat(owned.isClosed()).isTrue();
        assertThat(scoped.isClosed()).isTrue();
        assertThat(backend.diagnostics().liveTensors()).isZero();
        scope.close();
        owned.close();
        assertThatThrownBy(() -> ops.full(DType.FLOAT32, 1, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
