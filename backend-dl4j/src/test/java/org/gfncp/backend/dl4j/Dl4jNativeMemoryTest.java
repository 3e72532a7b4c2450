package org.gfncp.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.javacpp.Pointer;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit counts tensors; this checks the native memory behind them, including the temporaries that
 * composed kernels allocate and must close: resident memory stays flat over many rounds of the composed kernels.
 */
class Dl4jNativeMemoryTest {

    private static final int SIDE = 512;
    /**
     * Each round allocates well over 100 MiB of arrays. Measured here: 8 to 12 MiB of growth over all rounds when
     * nothing leaks, about 70 MiB when one kernel keeps a single 2 MiB temporary.
     */
    private static final int ROUNDS = 30;

    @Test
    void composedKernelsReturnTheirTemporaries() {
        try (Backend backend = new Dl4jBackendProvider().create(new BackendConfig(1, 1, false))) {
            TensorOps ops = backend.ops();
            double[] values = new double[SIDE * SIDE];
            for (int i = 0; i < values.length; i++) {
                values[i] = i % 97 == 0 ? Double.NaN : i % 89 == 0 ? Double.NEGATIVE_INFINITY : Math.sin(i);
            }
            Tensor x = ops.fromDoubles(values, SIDE, SIDE);
            Tensor y = ops.mulScalar(x, -1);
            Tensor index = ops.fromInts(new int[] {3, 1, 3, 0}, 4);
            round(ops, backend, x, y, index);
            long before = Pointer.physicalBytes();
            for (int r = 0; r < ROUNDS; r++) {
                round(ops, backend, x, y, index);
            }
            long grown = Pointer.physicalBytes() - before;
            assertThat(grown).as("resident bytes grown over %d rounds", ROUNDS).isLessThan(40L << 20);
            x.close();
            y.close();
            index.close();
        }
    }

    /**
     * libnd4j's own cumsum kept about 192 bytes per scanned sub-array on every call: 200 calls on the teacher-forced
     * pass's shape grew resident memory by about 150 MiB, and training by 3 to 5 MiB per iteration.
     */
    @Test
    void prefixSumsLeaveNothingBehind() throws InterruptedException {
        try (Backend backend = new Dl4jBackendProvider().create(new BackendConfig(1, 1, false))) {
            TensorOps ops = backend.ops();
            try (TensorScope outer = backend.openScope()) {
                Tensor x = ops.full(DType.FLOAT32, 0.5, 32, 99, 128);
                for (int i = 0; i < 20; i++) {
                    try (TensorScope s = backend.openScope()) {
                        ops.cumsum(x, 1, i % 2 == 0);
                    }
                }
                long before = settledResidentBytes();
                for (int i = 0; i < 200; i++) {
                    try (TensorScope s = backend.openScope()) {
                        ops.cumsum(x, 1, i % 2 == 0);
                    }
                }
                long grown = settledResidentBytes() - before;
                assertThat(grown).as("resident bytes grown over 200 prefix sums").isLessThan(40L << 20);
            }
        }
    }

    private static long settledResidentBytes() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return Pointer.physicalBytes();
    }

    /**
     * Small ops leave native objects (shape descriptors, op contexts) that only a garbage collection frees; the
     * backend's guard must collect them. Measured here over the 40,000 measured rounds: about 310 MiB of growth
     * without the guard (linear: 550 MiB by 60,000 rounds), 30 to 90 MiB with a 16 MiB headroom (it levels off).
     */
    @Test
    void perOpNativeObjectsAreCollectedWhenResidentMemoryGrows() {
        try (Dl4jBackend backend = new Dl4jBackend(new BackendConfig(1, 1, false), 16L << 20)) {
            TensorOps ops = backend.ops();
            Tensor x = ops.fromDoubles(new double[4 * 75 * 10 * 8], 4, 75, 10, 8);
            smallOps(ops, backend, x, 10_000);
            long before = Pointer.physicalBytes();
            smallOps(ops, backend, x, 40_000);
            long grown = Pointer.physicalBytes() - before;
            assertThat(grown).as("resident bytes grown over 40,000 rounds of small ops").isLessThan(180L << 20);
            x.close();
        }
    }

    private static void smallOps(TensorOps ops, Backend backend, Tensor x, int rounds) {
        for (int r = 0; r < rounds; r++) {
            try (TensorScope scope = backend.openScope()) {
                ops.sum(x, new int[] {3}, false);
                ops.max(x, new int[] {1}, false);
            }
        }
    }

    private static void round(TensorOps ops, Backend backend, Tensor x, Tensor y, Tensor index) {
        try (TensorScope scope = backend.openScope()) {
            ops.where(ops.greater(x, y), x, y);
            ops.maximum(x, y);
            ops.max(x, new int[] {1}, false);
            ops.argmax(x, 0);
            ops.logSumExp(x, 1, true);
            ops.logSoftmax(x, 0);
            ops.scatterAdd(ops.gather(x, 1, index), 1, index, 5);
            ops.cast(x, DType.INT32);
            ops.matmul(ops.reshape(x, 2, SIDE, SIDE / 2), x, true, false);
            ops.div(ops.cast(x, DType.INT32), ops.cast(y, DType.INT32));
        }
    }
}
