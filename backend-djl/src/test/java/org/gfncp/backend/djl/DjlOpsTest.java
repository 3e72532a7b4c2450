package org.gfncp.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.testkit.ScopedBackendTest;
import org.junit.jupiter.api.Test;

/** Hand-checked values for the kernels this backend composes or fixes up, and for a few native ones. */
class DjlOpsTest extends ScopedBackendTest {

    @Override
    protected Backend createBackend() {
        return new DjlBackendProvider().create(BackendConfig.defaults());
    }

    private double[] values(Tensor t) {
        return ops.toDoubles(t);
    }

    @Test
    void engineVersionNamesPyTorchAndDjl() {
        assertThat(backend.engineVersion()).matches("PyTorch \\d+\\.\\d+\\.\\d+ via DJL 0\\.36\\.0");
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = ops.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = ops.fromFloats(new float[] {10, 20, 30}, 3);
        Tensor sum = ops.add(a, b);
        assertThat(sum.shape()).containsExactly(2, 3);
        assertThat(sum.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(values(sum)).containsExactly(11, 22, 33, 14, 25, 36);
        assertThat(values(ops.div(b, a))).containsExactly(10, 10, 10, 2.5, 4, 5);
    }

    @Test
    void comparisonsGiveMasksOfTheInputDtype() {
        Tensor a = ops.fromDoubles(new double[] {1, Double.NaN, 3}, 3);
        Tensor b = ops.fromDoubles(new double[] {2, Double.NaN, 1}, 3);
        Tensor gt = ops.greater(a, b);
        assertThat(gt.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(values(gt)).containsExactly(0, 0, 1);
        assertThat(values(ops.equal(a, a))).containsExactly(1, 0, 1);
        assertThat(values(ops.maximum(a, b))).containsExactly(2, Double.NaN, 3);
    }

    @Test
    void comparisonResultsFeedWhereBeforeAndAfterBeingRead() {
        Tensor a = ops.fromFloats(new float[] {1, 5, 3, -2}, 2, 2);
        Tensor zero = ops.full(DType.FLOAT32, 0.0);
        Tensor positive = ops.greater(ops.sub(a, ops.fromFloats(new float[] {2}, 1)), zero);
        Tensor g = ops.fromFloats(new float[] {10, 20, 30, 40}, 2, 2);
        assertThat(values(ops.where(positive, g, zero))).containsExactly(0, 20, 30, 0);
        assertThat(values(ops.mul(positive, g))).containsExactly(0, 20, 30, 0);
        assertThat(values(ops.where(positive, zero, g))).containsExactly(10, 0, 0, 40);
        Tensor same = ops.equal(a, ops.fromFloats(new float[] {1, 3}, 2));
        assertThat(same.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(values(ops.where(same, g, zero))).containsExactly(10, 0, 0, 0);
        assertThat(values(same)).containsExactly(1, 0, 0, 0);
    }

    @Test
    void whereBroadcastsConditionAndBranches() {
        Tensor cond = ops.fromFloats(new float[] {1, 0, Float.NaN}, 3, 1);
        Tensor x = ops.fromFloats(new float[] {7}, 1);
        Tensor y = ops.fromFloats(new float[] {1, 2}, 2);
        Tensor w = ops.where(cond, x, y);
        assertThat(w.shape()).containsExactly(3, 2);
        assertThat(values(w)).containsExactly(7, 7, 1, 2, 7, 7);
    }

    @Test
    void integerArithmeticTruncatesLikeTheReference() {
        Tensor a = ops.fromInts(new int[] {7, -7, 9}, 3);
        Tensor b = ops.fromInts(new int[] {2, 2, 3}, 3);
        Tensor q = ops.div(a, b);
        assertThat(q.dtype()).isEqualTo(DType.INT32);
        assertThat(ops.toInts(q)).containsExactly(3, -3, 3);
        assertThat(ops.toInts(ops.addScalar(a, 0.5))).containsExactly(7, -6, 9);
        assertThat(ops.toInts(ops.sum(a, new int[] {0}, false))).containsExactly(9);
        assertThat(ops.sum(a, new int[] {0}, false).dtype()).isEqualTo(DType.INT32);
        assertThat(ops.toInts(ops.cumsum(a, 0, false))).containsExactly(7, 0, 9);
    }

    @Test
    void conversionToInt32FollowsJavaCastForNaNInfinityAndOverflow() {
        double inf = Double.POSITIVE_INFINITY;
        double[] d = {Double.NaN, inf, -inf, 3e9, -3e9, -2.7, 2.7};
        int[] want = {0, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, -2, 2};
        assertThat(ops.toInts(ops.cast(ops.fromDoubles(d, 7), DType.INT32))).containsExactly(want);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        Tensor fromFloat = ops.cast(ops.fromFloats(f, 7), DType.INT32);
        assertThat(fromFloat.dtype()).isEqualTo(DType.INT32);
        assertThat(ops.toInts(fromFloat)).containsExactly(want);
        Tensor ints = ops.fromInts(new int[] {1, 0, -1, 100}, 4);
        assertThat(ops.toInts(ops.div(ints, ops.fromInts(new int[] {0, 0, 0, 7}, 4))))
                .containsExactly(Integer.MAX_VALUE, 0, Integer.MIN_VALUE, 14);
        assertThat(ops.toInts(ops.exp(ints))).containsExactly(2, 1, 0, Integer.MAX_VALUE);
        assertThat(ops.toInts(ops.sqrt(ints))).containsExactly(1, 0, 0, 10);
    }

    @Test
    void log1pKeepsPrecisionForTinyArgumentsAndHandlesEdges() {
        double[] xs = {1e-12, -1e-9, 0.3, -0.7, 5, 1e30, -1, -2, Double.POSITIVE_INFINITY, Double.NaN};
        double[] got = values(ops.log1p(ops.fromDoubles(xs, xs.length)));
        for (int i = 0; i < xs.length; i++) {
            double want = Math.log1p(xs[i]);
            if (Double.isNaN(want)) {
                assertThat(got[i]).as("log1p(%s)", xs[i]).isNaN();
            } else if (Double.isInfinite(want)) {
                assertThat(got[i]).as("log1p(%s)", xs[i]).isEqualTo(want);
            } else {
                assertThat(got[i]).as("log1p(%s)", xs[i]).isCloseTo(want, within(Math.abs(want) * 1e-14));
            }
        }
        float[] f = ops.toFloats(ops.log1p(ops.fromFloats(new float[] {1e-8f, 3e7f}, 2)));
        assertThat(f[0]).isCloseTo(1e-8f, within(1e-15f));
        assertThat(f[1]).isCloseTo((float) Math.log1p(3e7), within(1e-5f));
    }

    @Test
    void logSumExpHandlesInfinitiesNaNAndEmptyAxes() {
        double inf = Double.POSITIVE_INFINITY;
        Tensor a = ops.fromDoubles(new double[] {-inf, -inf, 1, 2, inf, 0, Double.NaN, 1}, 4, 2);
        double[] lse = values(ops.logSumExp(a, 1, false));
        assertThat(lse[0]).isEqualTo(-inf);
        assertThat(lse[1]).isCloseTo(2 + Math.log1p(Math.exp(-1)), within(1e-12));
        assertThat(lse[2]).isEqualTo(inf);
        assertThat(lse[3]).isNaN();
        Tensor keep = ops.logSumExp(a, -1, true);
        assertThat(keep.shape()).containsExactly(4, 1);
        Tensor empty = ops.full(DType.FLOAT32, 0, 3, 0);
        Tensor e = ops.logSumExp(empty, 1, false);
        assertThat(e.shape()).containsExactly(3);
        assertThat(values(e)).containsOnly(-inf);
    }

    @Test
    void logSoftmaxIsInputMinusLogSumExpEvenForInfiniteRows() {
        double inf = Double.POSITIVE_INFINITY;
        Tensor a = ops.fromDoubles(new double[] {0, inf, 1, -inf, -inf, -inf, 1, 2, -inf, Double.NaN, 0, 1}, 4, 3);
        double[] ls = values(ops.logSoftmax(a, 1));
        assertThat(ls[0]).isEqualTo(-inf);
        assertThat(ls[1]).isNaN();
        assertThat(ls[2]).isEqualTo(-inf);
        assertThat(ls[3]).isNaN();
        assertThat(ls[5]).isNaN();
        double lse = 2 + Math.log1p(Math.exp(-1));
        assertThat(ls[6]).isCloseTo(1 - lse, within(1e-12));
        assertThat(ls[7]).isCloseTo(2 - lse, within(1e-12));
        assertThat(ls[8]).isEqualTo(-inf);
        assertThat(ls[10]).isNaN();
    }

    @Test
    void maxOverSeveralAndEmptyAxes() {
        Tensor a = ops.fromFloats(new float[] {1, 9, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        Tensor m = ops.max(a, new int[] {0, 2}, false);
        assertThat(m.shape()).containsExactly(2);
        assertThat(values(m)).containsExactly(9, 8);
        Tensor mk = ops.max(a, new int[] {2, 0}, true);
        assertThat(mk.shape()).containsExactly(1, 2, 1);
        Tensor all = ops.max(a, new int[] {0, 1, 2}, false);
        assertThat(all.shape()).isEmpty();
        assertThat(values(all)).containsExactly(9);
        Tensor empty = ops.max(ops.full(DType.FLOAT64, 0, 2, 0), new int[] {1}, false);
        assertThat(values(empty)).containsExactly(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Test
    void argmaxAndReverseCumsum() {
        Tensor a = ops.fromFloats(new float[] {1, 3, 3, 0, -1, -2}, 2, 3);
        Tensor am = ops.argmax(a, 1);
        assertThat(am.dtype()).isEqualTo(DType.INT32);
        assertThat(ops.toInts(am)).containsExactly(1, 0);
        assertThat(values(ops.cumsum(a, 1, true))).containsExactly(7, 6, 3, -3, -3, -2);
        // As in the reference (and NumPy), NaN counts as the maximum and the first one wins.
        Tensor withNaN = ops.fromDoubles(new double[] {1, Double.NaN, 3, Double.NaN}, 1, 4);
        assertThat(ops.toInts(ops.argmax(withNaN, -1))).containsExactly(1);
    }

    @Test
    void matmulWithTransposesAndSharedRightOperand() {
        Tensor a = ops.fromFloats(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        Tensor b = ops.fromFloats(new float[] {1, 0, 1, 1}, 2, 2);
        assertThat(values(ops.matmul(a, b, false, false))).containsExactly(3, 2, 7, 4, 11, 6, 15, 8);
        assertThat(values(ops.matmul(a, b, true, true))).containsExactly(1, 4, 2, 6, 5, 12, 6, 14);
        assertThatThrownBy(() -> ops.matmul(b, a, false, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gatherScatterAddAndOneHot() {
        Tensor a = ops.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor idx = ops.fromInts(new int[] {2, 0, 2}, 3);
        Tensor g = ops.gather(a, 1, idx);
        assertThat(g.shape()).containsExactly(2, 3);
        assertThat(values(g)).containsExactly(3, 1, 3, 6, 4, 6);
        Tensor s = ops.scatterAdd(g, -1, idx, 4);
        assertThat(s.shape()).containsExactly(2, 4);
        assertThat(values(s)).containsExactly(1, 0, 6, 0, 4, 0, 12, 0);
        Tensor ints = ops.scatterAdd(ops.fromInts(new int[] {1, 2, 3, 4, 5, 6}, 3, 2), 0, idx, 3);
        assertThat(ints.dtype()).isEqualTo(DType.INT32);
        assertThat(ops.toInts(ints)).containsExactly(3, 4, 0, 0, 6, 8);
        Tensor oh = ops.oneHot(ops.fromInts(new int[] {1, -1, 5}, 3), 3, DType.FLOAT64);
        assertThat(oh.shape()).containsExactly(3, 3);
        assertThat(values(oh)).containsExactly(0, 1, 0, 0, 0, 0, 0, 0, 0);
        assertThatThrownBy(() -> ops.gather(a, 1, ops.fromInts(new int[] {3}, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void padSliceConcat() {
        Tensor a = ops.fromFloats(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor p = ops.pad(a, 0, 1, 2);
        assertThat(p.shape()).containsExactly(5, 2);
        assertThat(values(p)).containsExactly(0, 0, 1, 2, 3, 4, 0, 0, 0, 0);
        assertThat(values(ops.slice(p, 0, 1, 3))).containsExactly(1, 2, 3, 4);
        Tensor c = ops.concat(1, a, a);
        assertThat(c.shape()).containsExactly(2, 4);
        assertThat(values(c)).containsExactly(1, 2, 1, 2, 3, 4, 3, 4);
    }

    @Test
    void im2colMatchesHandComputedPatchesAndCol2imIsItsAdjoint() {
        // 1 image, 1 channel, 3x3, kernel 2x2, stride 1, pad 0 -> 4 patches of 4 values.
        Tensor x = ops.fromFloats(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor cols = ops.im2col(x, 2, 2, 1, 0);
        assertThat(cols.shape()).containsExactly(1, 4, 4);
        assertThat(values(cols)).containsExactly(1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9);
        Tensor back = ops.col2im(ops.full(DType.FLOAT32, 1, 1, 4, 4), 1, 3, 3, 2, 2, 1, 0);
        assertThat(values(back)).containsExactly(1, 2, 1, 2, 4, 2, 1, 2, 1);
        // With padding and stride 2: <im2col(x), c> == <x, col2im(c)>.
        Tensor x2 = ops.fromDoubles(seq(2 * 3 * 5 * 4), 2, 3, 5, 4);
        Tensor c2 = ops.im2col(x2, 3, 2, 2, 1);
        assertThat(c2.shape()).containsExactly(2, 18, 3 * 3);
        Tensor r = ops.fromDoubles(seq(2 * 18 * 9), 2, 18, 9);
        double lhs = dot(values(c2), values(r));
        double rhs = dot(values(x2), values(ops.col2im(r, 3, 5, 4, 3, 2, 2, 1)));
        assertThat(lhs).isCloseTo(rhs, within(1e-6 * Math.abs(lhs)));
    }

    private static double[] seq(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.sin(i * 0.7) + 0.1 * i;
        }
        return d;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
