package org.gfncp.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.Capability;
import org.gfncp.testkit.ScopedBackendTest;
import org.junit.jupiter.api.Test;

/** Quick checks of the TensorFlow kernels whose behaviour depends on how they are built here. */
class TfKernelsTest extends ScopedBackendTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Override
    protected Backend createBackend() {
        return new TfBackendProvider().create(new BackendConfig(1, 1, false));
    }

    @Test
    void describesTheEngine() {
        assertThat(backend.name()).isEqualTo("tensorflow");
        assertThat(backend.engineVersion()).startsWith("TensorFlow 2.").contains("TF Java 1.1.0");
        assertThat(backend.capabilities()).containsExactly(Capability.DETERMINISTIC);
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = d(new double[] {10, 20, 30}, 3);
        assertThat(ops.toDoubles(ops.add(a, b))).containsExactly(11, 22, 33, 14, 25, 36);
        assertThat(ops.toDoubles(ops.div(a, b))).containsExactly(0.1, 0.1, 0.1, 0.4, 0.25, 0.2);
        Tensor ints = ops.fromInts(new int[] {-7, 7}, 2);
        assertThat(ops.toInts(ops.div(ints, ops.fromInts(new int[] {2, -2}, 2)))).containsExactly(-3, -3);
        assertThat(ops.toInts(ops.addScalar(ints, 0.5))).as("INT32 plus a fraction truncates the sum")
                .containsExactly(-6, 7);
    }

    @Test
    void maximumAndMaxPropagateNaN() {
        Tensor a = d(new double[] {NAN, 1, 2}, 3);
        Tensor b = d(new double[] {0, NAN, 1}, 3);
        assertThat(ops.toDoubles(ops.maximum(a, b))).containsExactly(NAN, NAN, 2);
        assertThat(ops.toDoubles(ops.max(a, new int[] {0}, false))).containsExactly(NAN);
        assertThat(ops.toDoubles(ops.max(d(new double[0], 2, 0), new int[] {1}, false))).containsExactly(-INF, -INF);
    }

    @Test
    void compareAndWhereProduceMasksOfTheInputDType() {
        Tensor a = ops.fromFloats(new float[] {1, Float.NaN, 3}, 3);
        Tensor b = ops.fromFloats(new float[] {1, Float.NaN, 2}, 3);
        Tensor gt = ops.greater(a, b);
        assertThat(gt.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(ops.toFloats(gt)).containsExactly(0, 0, 1);
        assertThat(ops.toFloats(ops.equal(a, b))).containsExactly(1, 0, 0);
        Tensor cond = ops.fromFloats(new float[] {0, 2, -1}, 3);
        assertThat(ops.toFloats(ops.where(cond, a, ops.full(DType.FLOAT32, -5)))).containsExactly(-5, Float.NaN, 3);
    }

    @Test
    void logSumExpHandlesInfiniteAndLargeRows() {
        Tensor x = d(new double[] {-INF, -INF, 1000, 1000, INF, 0, NAN, 0}, 4, 2);
        double[] lse = ops.toDoubles(ops.logSumExp(x, 1, false));
        assertThat(lse[0]).isEqualTo(-INF);
        assertThat(lse[1]).isCloseTo(1000 + Math.log(2), within(1e-9));
        assertThat(lse[2]).isEqualTo(INF);
        assertThat(lse[3]).isNaN();
        assertThat(ops.logSumExp(x, 1, true).shape()).containsExactly(4, 1);
    }

    @Test
    void logSoftmaxOffTheLastAxis() {
        Tensor x = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        double[] ls = ops.toDoubles(ops.logSoftmax(x, 0));
        double l = Math.log(1 + Math.exp(-3));
        assertThat(ls).containsExactly(new double[] {-3 - l, -3 - l, -3 - l, -l, -l, -l}, within(1e-12));
    }

    @Test
    void logSoftmaxOfARowHoldingPlusInfinityIsMinusInfinityElsewhere() {
        Tensor x = d(new double[] {INF, 1, -INF, 1, 2, 3}, 2, 3);
        double[] ls = ops.toDoubles(ops.logSoftmax(x, 1));
        assertThat(ls[0]).isNaN();
        assertThat(ls[1]).isEqualTo(-INF);
        assertThat(ls[2]).isEqualTo(-INF);
        assertThat(ls[5]).isCloseTo(-Math.log(1 + Math.exp(-1) + Math.exp(-2)), within(1e-12));
        double[] byColumn = ops.toDoubles(ops.logSoftmax(x, 0));
        assertThat(byColumn[0]).isNaN();
        assertThat(byColumn[3]).isEqualTo(-INF);
    }

    @Test
    void castToInt32FollowsJavaForNaNInfinityAndOverflow() {
        double[] v = {NAN, INF, -INF, 3e9, -3e9, -2.7, 2.7};
        int[] want = {0, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, -2, 2};
        assertThat(ops.toInts(ops.cast(d(v, 7), DType.INT32))).containsExactly(want);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        assertThat(ops.toInts(ops.cast(ops.fromFloats(f, 7), DType.INT32))).containsExactly(want);
    }

    @Test
    void argmaxTakesTheFirstMaximumAndTheFirstNaN() {
        Tensor x = d(new double[] {1, 3, 3, INF, NAN, NAN, -INF, -INF, 5}, 3, 3);
        Tensor idx = ops.argmax(x, 1);
        assertThat(idx.dtype()).isEqualTo(DType.INT32);
        assertThat(ops.toInts(idx)).containsExactly(1, 1, 2);
        assertThat(ops.toInts(ops.argmax(d(new double[] {2, 1, 1, 2}, 2, 2), 0))).containsExactly(0, 1);
        assertThatThrownBy(() -> ops.argmax(d(new double[0], 2, 0), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matmulWithSharedAndBatchedOperands() {
        Tensor a = d(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        Tensor b = d(new double[] {1, 0, 1, 1}, 2, 2);
        assertThat(ops.toDoubles(ops.matmul(a, b, false, false))).containsExactly(3, 2, 7, 4, 11, 6, 15, 8);
        assertThat(ops.toDoubles(ops.matmul(a, b, true, false))).containsExactly(4, 3, 6, 4, 12, 7, 14, 8);
        assertThat(ops.toDoubles(ops.matmul(a, a, false, true))).containsExactly(5, 11, 11, 25, 61, 83, 83, 113);
        assertThatThrownBy(() -> ops.matmul(a, d(new double[] {1, 2, 3}, 3, 1), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inner dimensions");
    }

    @Test
    void im2colOrdersPatchesChannelThenKernelRowThenColumn() {
        // One 1x3x3 image per channel, 2 channels; 2x2 kernel, stride 1, no padding: L = 4 positions.
        double[] img = new double[18];
        for (int i = 0; i < img.length; i++) {
            img[i] = i;
        }
        Tensor x = d(img, 1, 2, 3, 3);
        Tensor cols = ops.im2col(x, 2, 2, 1, 0);
        assertThat(cols.shape()).containsExactly(1, 8, 4);
        double[] c = ops.toDoubles(cols);
        // Row (c=0, i=0, j=0): top-left pixel of each position; row (c=1, i=1, j=1): bottom-right of channel 1.
        assertThat(java.util.Arrays.copyOfRange(c, 0, 4)).containsExactly(0, 1, 3, 4);
        assertThat(java.util.Arrays.copyOfRange(c, 28, 32)).containsExactly(13, 14, 16, 17);
        Tensor padded = ops.im2col(x, 3, 3, 2, 1);
        assertThat(padded.shape()).containsExactly(1, 18, 4);
        // Kernel centre (i=1, j=1) of channel 0 at the four stride-2 positions of the padded image.
        assertThat(java.util.Arrays.copyOfRange(ops.toDoubles(padded), 4 * 4, 4 * 5)).containsExactly(0, 2, 6, 8);
    }

    @Test
    void col2imSumsOverlappingPatches() {
        Tensor ones = ops.full(DType.FLOAT64, 1, 1, 4, 4);
        Tensor image = ops.col2im(ones, 1, 3, 3, 2, 2, 1, 0);
        assertThat(image.shape()).containsExactly(1, 1, 3, 3);
        assertThat(ops.toDoubles(image)).containsExactly(1, 2, 1, 2, 4, 2, 1, 2, 1);
        Tensor padded = ops.col2im(ops.full(DType.FLOAT32, 1, 1, 9, 4), 1, 3, 3, 3, 3, 2, 1);
        assertThat(ops.toDoubles(padded)).containsExactly(1, 2, 1, 2, 4, 2, 1, 2, 1);
    }

    @Test
    void scatterAddAccumulatesAndRejectsBadIndices() {
        Tensor src = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor idx = ops.fromInts(new int[] {1, 1, 0}, 3);
        assertThat(ops.toDoubles(ops.scatterAdd(src, 1, idx, 2))).containsExactly(3, 3, 6, 9);
        assertThat(ops.toDoubles(ops.scatterAdd(ops.reshape(src, 1, 2, 3), 2, idx, 2))).containsExactly(3, 3, 6, 9);
        assertThatThrownBy(() -> ops.scatterAdd(src, 1, ops.fromInts(new int[] {0, -1, 0}, 3), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> ops.gather(src, 1, ops.fromInts(new int[] {3}, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gather");
    }

    @Test
    void copiesAreIndependentOfTheirSource() {
        Tensor a = d(new double[] {1, 2}, 2);
        Tensor copy = ops.sum(a, new int[0], false);
        Tensor same = ops.cast(a, DType.FLOAT64);
        a.close();
        assertThat(ops.toDoubles(copy)).containsExactly(1, 2);
        assertThat(ops.toDoubles(same)).containsExactly(1, 2);
    }

    @Test
    void manyDistinctScalarsStayCorrectBeyondTheConstantCache() {
        Tensor x = d(new double[] {1, -2}, 2);
        int count = ConstantCache.LIMIT + 100;
        for (int i = 0; i < count; i++) {
            try (TensorScope step = backend.openScope()) {
                double s = 0.5 + i;
                assertThat(ops.toDoubles(ops.mulScalar(x, s))).containsExactly(s, -2 * s);
            }
        }
    }

    @Test
    void repeatedRunsAreBitIdentical() {
        double[] v = new double[300 * 64];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i * 0.37) * 1e3;
        }
        Tensor x = ops.cast(d(v, 300, 64), DType.FLOAT32);
        float[] first = null;
        for (int run = 0; run < 3; run++) {
            try (TensorScope step = backend.openScope()) {
                Tensor y = ops.logSumExp(ops.matmul(x, x, true, false), 0, false);
                float[] r = ops.toFloats(ops.concat(0, y, ops.sum(x, new int[] {0}, false)));
                if (first == null) {
                    first = r;
                } else {
                    assertThat(r).containsExactly(first);
                }
            }
        }
    }

    @Test
    void threadsRunKernelsConcurrently() throws InterruptedException {
        Tensor shared = d(new double[] {1, 2, 3, 4}, 2, 2);
        Throwable[] failure = new Throwable[1];
        Thread[] threads = new Thread[2];
        for (int k = 0; k < threads.length; k++) {
            double factor = k + 2;
            threads[k] = new Thread(() -> {
                try {
                    for (int i = 0; i < 500; i++) {
                        try (TensorScope step = backend.openScope()) {
                            double[] r = ops.toDoubles(ops.sum(ops.mulScalar(shared, factor), new int[] {1}, false));
                            assertThat(r).containsExactly(3 * factor, 7 * factor);
                        }
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            threads[k].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failure[0]).isNull();
    }

    @Test
    void rejectsTensorsOfAnotherBackend() {
        try (Backend other = new TfBackendProvider().create(new BackendConfig(1, 1, false))) {
            Tensor foreign = other.ops().full(DType.FLOAT32, 1, 2);
            assertThatThrownBy(() -> ops.exp(foreign)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not belong");
        }
    }
}
