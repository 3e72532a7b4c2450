package org.gfncp.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.testkit.ScopedBackendTest;
import org.junit.jupiter.api.Test;

/** Targeted checks of the places where ND4J needed help: NaN handling, broadcasting, empty shapes, views. */
class Dl4jOpsTest extends ScopedBackendTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Override
    protected Backend createBackend() {
        return new Dl4jBackendProvider().create(new BackendConfig(1, 1, false));
    }

    @Test
    void addBroadcastsBothOperands() {
        Tensor a = d(new double[] {1, 2}, 2, 1);
        Tensor b = d(new double[] {10, 20, 30}, 3);
        Tensor c = ops.add(a, b);
        assertThat(c.shape()).containsExactly(2, 3);
        assertThat(ops.toDoubles(c)).containsExactly(11, 21, 31, 12, 22, 32);
        Tensor scalar = ops.add(d(new double[] {5}), b);
        assertThat(ops.toDoubles(scalar)).containsExactly(15, 25, 35);
    }

    @Test
    void maximumPropagatesNaNFromEitherSideWhileBroadcasting() {
        Tensor a = d(new double[] {NAN, 1, 2, -INF}, 4, 1);
        Tensor b = d(new double[] {0, NAN}, 2);
        double[] r = ops.toDoubles(ops.maximum(a, b));
        assertThat(r).hasSize(8);
        assertThat(r[0]).isNaN();
        assertThat(r[1]).isNaN();
        assertThat(r[2]).isEqualTo(1);
        assertThat(r[3]).isNaN();
        assertThat(r[4]).isEqualTo(2);
        assertThat(r[6]).isEqualTo(0);
        double[] swapped = ops.toDoubles(ops.maximum(b, a));
        assertThat(swapped[0]).isNaN();
        assertThat(swapped[2]).isEqualTo(1);
        assertThat(swapped[5]).isNaN();
    }

    @Test
    void comparisonsGiveMasksOfTheInputType() {
        Tensor a = ops.fromFloats(new float[] {Float.NaN, 1, 3}, 3);
        Tensor b = ops.fromFloats(new float[] {1, 1, 2}, 3);
        Tensor g = ops.greater(a, b);
        Tensor e = ops.equal(a, b);
        assertThat(g.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(ops.toDoubles(g)).containsExactly(0, 0, 1);
        assertThat(ops.toDoubles(e)).containsExactly(0, 1, 0);
    }

    @Test
    void whereBroadcastsConditionAndBranches() {
        Tensor cond = d(new double[] {1, 0}, 2, 1);
        Tensor a = d(new double[] {1, 2, 3}, 3);
        Tensor b = d(new double[] {-1});
        Tensor r = ops.where(cond, a, b);
        assertThat(r.shape()).containsExactly(2, 3);
        assertThat(ops.toDoubles(r)).containsExactly(1, 2, 3, -1, -1, -1);
    }

    @Test
    void maxIsNaNWhereARowHoldsNaNAndMinusInfinityOverEmpty() {
        Tensor x = d(new double[] {1, NAN, 3, -INF, -INF, -INF}, 2, 3);
        double[] m = ops.toDoubles(ops.max(x, new int[] {-1}, true));
        assertThat(m[0]).isNaN();
        assertThat(m[1]).isEqualTo(-INF);
        Tensor empty = ops.full(DType.FLOAT32, 1, 2, 0, 3);
        Tensor me = ops.max(empty, new int[] {1}, false);
        assertThat(me.shape()).containsExactly(2, 3);
        assertThat(ops.toDoubles(me)).containsOnly(-INF);
        assertThat(ops.toDoubles(ops.sum(empty, new int[] {1}, true))).containsOnly(0.0);
    }

    @Test
    void maxOverSeveralAxesMarksOnlyTheSlicesHoldingNaN() {
        double[] v = new double[2 * 3 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        v[1 * 4 + 2] = NAN; // [0, 1, 2]
        Tensor x = d(v, 2, 3, 4);
        double[] m = ops.toDoubles(ops.max(x, new int[] {0, 1}, false));
        assertThat(m[0]).isEqualTo(20);
        assertThat(m[1]).isEqualTo(21);
        assertThat(m[2]).isNaN();
        assertThat(m[3]).isEqualTo(23);
        Tensor kept = ops.max(x, new int[] {2, 0}, true);
        assertThat(kept.shape()).containsExactly(1, 3, 1);
        double[] k = ops.toDoubles(kept);
        assertThat(k[0]).isEqualTo(15);
        assertThat(k[1]).isNaN();
        assertThat(k[2]).isEqualTo(23);
    }

    @Test
    void logSumExpHandlesInfinitiesAndLargeValues() {
        Tensor x = d(new double[] {-INF, -INF, -INF, 1000, 1000, -INF, -INF, INF, 2, NAN, 0, 1}, 4, 3);
        double[] r = ops.toDoubles(ops.logSumExp(x, 1, false));
        assertThat(r[0]).isEqualTo(-INF);
        assertThat(r[1]).isCloseTo(1000 + Math.log(2), within(1e-9));
        assertThat(r[2]).isEqualTo(INF);
        assertThat(r[3]).isNaN();
        Tensor kept = ops.logSumExp(x, 1, true);
        assertThat(kept.shape()).containsExactly(4, 1);
        Tensor overEmpty = ops.logSumExp(ops.full(DType.FLOAT64, 0, 3, 0), 1, false);
        assertThat(ops.toDoubles(overEmpty)).containsExactly(-INF, -INF, -INF);
    }

    @Test
    void logSoftmaxOnAnyAxisAndMaskedRows() {
        Tensor x = d(new double[] {0, -INF, 1, -INF, -INF, -INF}, 2, 3);
        double[] r = ops.toDoubles(ops.logSoftmax(x, -1));
        double lse = Math.log(1 + Math.E);
        assertThat(r[0]).isCloseTo(-lse, within(1e-12));
        assertThat(r[1]).isEqualTo(-INF);
        assertThat(r[2]).isCloseTo(1 - lse, within(1e-12));
        assertThat(r[3]).isNaN();
        Tensor cols = ops.logSoftmax(d(new double[] {1, 2, 3, 4}, 2, 2), 0);
        double[] c = ops.toDoubles(cols);
        assertThat(c[0]).isCloseTo(1 - Math.log(Math.exp(1) + Math.exp(3)), within(1e-12));
    }

    @Test
    void argmaxTakesFirstMaximumAndFirstNaN() {
        Tensor x = d(new double[] {1, NAN, 3, NAN, 5, 5, 0, 1, 2}, 3, 3);
        Tensor r = ops.argmax(x, 1);
        assertThat(r.dtype()).isEqualTo(DType.INT32);
        assertThat(ops.toInts(r)).containsExactly(1, 0, 2);
    }

    @Test
    void cumsumBothDirectionsAndInInt32() {
        Tensor x = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(ops.toDoubles(ops.cumsum(x, 1, false))).containsExactly(1, 3, 6, 4, 9, 15);
        assertThat(ops.toDoubles(ops.cumsum(x, 0, true))).containsExactly(5, 7, 9, 4, 5, 6);
        Tensor i = ops.fromInts(new int[] {1, 2, 3}, 3);
        Tensor ci = ops.cumsum(i, 0, true);
        assertThat(ci.dtype()).isEqualTo(DType.INT32);
        assertThat(ops.toInts(ci)).containsExactly(6, 5, 3);
    }

    @Test
    void matmulWithSharedTransposedOperands() {
        // a: [2, 3, 2] used transposed -> [2, 2, 3]; b: [4, 3] used transposed -> [3, 4]
        double[] av = new double[12];
        for (int i = 0; i < av.length; i++) {
            av[i] = i + 1;
        }
        double[] bv = new double[12];
        for (int i = 0; i < bv.length; i++) {
            bv[i] = (i % 5) - 2;
        }
        Tensor a = d(av, 2, 3, 2);
        Tensor b = d(bv, 4, 3);
        Tensor r = ops.matmul(a, b, true, true);
        assertThat(r.shape()).containsExactly(2, 2, 4);
        double[] out = ops.toDoubles(r);
        for (int batch = 0; batch < 2; batch++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 4; j++) {
                    double s = 0;
                    for (int p = 0; p < 3; p++) {
                        s += av[batch * 6 + p * 2 + i] * bv[j * 3 + p];
                    }
                    assertThat(out[(batch * 2 + i) * 4 + j]).isEqualTo(s);
                }
            }
        }
        Tensor zeroInner = ops.matmul(ops.full(DType.FLOAT32, 1, 2, 0), ops.full(DType.FLOAT32, 1, 0, 3), false,
                false);
        assertThat(ops.toDoubles(zeroInner)).containsExactly(0, 0, 0, 0, 0, 0);
    }

    @Test
    void im2colMatchesADirectPatchExtraction() {
        int n = 1;
        int c = 2;
        int h = 4;
        int w = 5;
        double[] xv = new double[n * c * h * w];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = i;
        }
        int kh = 3;
        int kw = 2;
        int stride = 2;
        int pad = 1;
        int outH = (h + 2 * pad - kh) / stride + 1;
        int outW = (w + 2 * pad - kw) / stride + 1;
        Tensor cols = ops.im2col(d(xv, n, c, h, w), kh, kw, stride, pad);
        assertThat(cols.shape()).containsExactly(n, c * kh * kw, outH * outW);
        double[] got = ops.toDoubles(cols);
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    for (int oy = 0; oy < outH; oy++) {
                        for (int ox = 0; ox < outW; ox++) {
                            int y = oy * stride - pad + i;
                            int x = ox * stride - pad + j;
                            double expected = y < 0 || y >= h || x < 0 || x >= w ? 0 : xv[(ci * h + y) * w + x];
                            int row = (ci * kh + i) * kw + j;
                            assertThat(got[row * outH * outW + oy * outW + ox]).isEqualTo(expected);
                        }
                    }
                }
            }
        }
        Tensor back = ops.col2im(ops.full(DType.FLOAT64, 1, n, c * kh * kw, outH * outW), c, h, w, kh, kw, stride,
                pad);
        assertThat(back.shape()).containsExactly(n, c, h, w);
        // Every pixel is covered by some patch at least once with these settings, so none stays zero.
        assertThat(java.util.Arrays.stream(ops.toDoubles(back)).min().orElseThrow()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void gatherAndScatterAddOnAMiddleAxis() {
        Tensor x = d(new double[] {1, 2, 3, 4, 5, 6}, 1, 3, 2);
        Tensor idx = ops.fromInts(new int[] {2, 0, 2}, 3);
        Tensor g = ops.gather(x, 1, idx);
        assertThat(ops.toDoubles(g)).containsExactly(5, 6, 1, 2, 5, 6);
        Tensor s = ops.scatterAdd(g, 1, idx, 4);
        assertThat(s.shape()).containsExactly(1, 4, 2);
        assertThat(ops.toDoubles(s)).containsExactly(1, 2, 0, 0, 10, 12, 0, 0);
        assertThatThrownBy(() -> ops.gather(x, 1, ops.fromInts(new int[] {3}, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void oneHotZeroesOutOfRangeRows() {
        Tensor r = ops.oneHot(ops.fromInts(new int[] {1, -1, 7}, 3), 3, DType.FLOAT64);
        assertThat(ops.toDoubles(r)).containsExactly(0, 1, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void reshapeSharesTheBufferUntilTheLastUserCloses() {
        long before = backend.diagnostics().liveTensors();
        Tensor a;
        Tensor b;
        try (TensorScope inner = backend.openScope()) {
            a = inner.keep(d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
            b = inner.keep(ops.reshape(a, 3, -1));
        }
        a.close();
        assertThat(b.isClosed()).isFalse();
        assertThat(ops.toDoubles(b)).containsExactly(1, 2, 3, 4, 5, 6);
        Tensor permuted = ops.permute(b, 1, 0);
        assertThat(ops.toDoubles(ops.reshape(permuted, -1))).containsExactly(1, 3, 5, 2, 4, 6);
        b.close();
        assertThat(backend.diagnostics().liveTensors()).isEqualTo(before + 2);
    }

    @Test
    void int32ArithmeticTruncatesLikeJava() {
        Tensor a = ops.fromInts(new int[] {7, -7, 1}, 3);
        Tensor b = ops.fromInts(new int[] {2, 2, 0}, 3);
        assertThat(ops.toInts(ops.div(a, b))).containsExactly(3, -3, Integer.MAX_VALUE);
        assertThat(ops.toInts(ops.addScalar(a, 0.5))).containsExactly(7, -6, 1);
        assertThat(ops.toInts(ops.exp(ops.fromInts(new int[] {0, 1}, 2)))).containsExactly(1, 2);
    }

    @Test
    void castToInt32FollowsJava() {
        Tensor x = d(new double[] {NAN, INF, -INF, 3e9, -2.7, 2.7}, 6);
        assertThat(ops.toInts(ops.cast(x, DType.INT32))).containsExactly(0, Integer.MAX_VALUE, Integer.MIN_VALUE,
                Integer.MAX_VALUE, -2, 2);
        Tensor f = ops.fromFloats(new float[] {Float.NaN, 3e9f, -1.5f}, 3);
        assertThat(ops.toInts(ops.cast(f, DType.INT32))).containsExactly(0, Integer.MAX_VALUE, -1);
    }

    @Test
    void int32KernelsWithoutNativeIntegerSupport() {
        Tensor src = ops.fromInts(new int[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor idx = ops.fromInts(new int[] {1, 1, 0}, 3);
        assertThat(ops.toInts(ops.scatterAdd(src, 0, idx, 2))).containsExactly(5, 6, 4, 6);
        Tensor idx2 = ops.fromInts(new int[] {2, 2}, 2);
        assertThat(ops.toInts(ops.scatterAdd(src, 1, idx2, 3))).containsExactly(0, 0, 3, 0, 0, 7, 0, 0, 11);
        Tensor m = ops.matmul(ops.fromInts(new int[] {1, 2}, 1, 2), ops.fromInts(new int[] {3, 4}, 2, 1), false,
                false);
        assertThat(ops.toInts(m)).containsExactly(11);
        Tensor img = ops.fromInts(new int[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor cols = ops.im2col(img, 2, 2, 1, 0);
        assertThat(cols.dtype()).isEqualTo(DType.INT32);
        assertThat(ops.toInts(cols)).containsExactly(1, 2, 3, 4);
        assertThat(ops.toInts(ops.col2im(cols, 1, 2, 2, 2, 2, 1, 0))).containsExactly(1, 2, 3, 4);
        assertThat(ops.toInts(ops.powScalar(ops.fromInts(new int[] {2, -3}, 2), 3))).containsExactly(8, -27);
    }

    @Test
    void emptyTensorsFlowThroughShapeKernels() {
        Tensor e = ops.full(DType.FLOAT32, 0, 0, 3);
        assertThat(ops.concat(0, e, ops.full(DType.FLOAT32, 2, 1, 3)).shape()).containsExactly(1, 3);
        assertThat(ops.pad(e, 0, 1, 1).shape()).containsExactly(2, 3);
        assertThat(ops.toDoubles(ops.pad(e, 0, 1, 1))).containsOnly(0.0);
        assertThat(ops.exp(e).shape()).containsExactly(0, 3);
        assertThat(ops.reshape(e, 3, 0).shape()).containsExactly(3, 0);
        assertThat(ops.slice(ops.full(DType.FLOAT32, 1, 4), 0, 2, 2).shape()).containsExactly(0);
    }

    @Test
    void nanProbeSeesNaNButNotInfinities() {
        assertThat(Dl4jOps.hasNaN(((Dl4jTensor) d(new double[] {1, 2, 3}, 3)).array())).isFalse();
        assertThat(Dl4jOps.hasNaN(((Dl4jTensor) d(new double[] {INF, -INF, 3}, 3)).array())).isFalse();
        assertThat(Dl4jOps.hasNaN(((Dl4jTensor) d(new double[] {1, NAN, 3}, 3)).array())).isTrue();
        assertThat(Dl4jOps.hasNaN(((Dl4jTensor) ops.fromFloats(new float[] {Float.NaN}, 1)).array())).isTrue();
    }

    @Test
    void closedTensorsAreRejected() {
        Tensor a = d(new double[] {1}, 1);
        a.close();
        assertThatThrownBy(() -> ops.exp(a)).isInstanceOf(IllegalStateException.class);
    }
}
