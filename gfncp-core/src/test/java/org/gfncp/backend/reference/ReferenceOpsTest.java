package org.gfncp.backend.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.Capability;
import org.gfncp.testkit.ScopedBackendTest;
import org.junit.jupiter.api.Test;

/** The oracle itself, checked against values worked out by hand. */
class ReferenceOpsTest extends ScopedBackendTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Override
    protected Backend createBackend() {
        return new ReferenceBackendProvider().create(BackendConfig.defaults());
    }

    private double[] v(Tensor t) {
        return ops.toDoubles(t);
    }

    @Test
    void providerDescribesAPureJavaDeterministicBackend() {
        ReferenceBackendProvider p = new ReferenceBackendProvider();
        assertThat(p.name()).isEqualTo("reference");
        assertThat(p.priority()).isZero();
        assertThat(p.isAvailable()).isTrue();
        assertThat(backend.capabilities()).containsExactlyInAnyOrder(Capability.PURE_JAVA, Capability.DETERMINISTIC);
        assertThat(backend.name()).isEqualTo("reference");
    }

    @Test
    void addBroadcastsRightAligned() {
        Tensor a = d(new double[] {1, 2, 3}, 3, 1);
        Tensor b = d(new double[] {10, 20}, 2);
        Tensor c = ops.add(a, b);
        assertThat(c.shape()).containsExactly(3, 2);
        assertThat(v(c)).containsExactly(11, 21, 12, 22, 13, 23);
    }

    @Test
    void subBroadcastsAScalarOnTheLeft() {
        Tensor c = ops.sub(d(new double[] {5}), d(new double[] {1, 2, 3, 4}, 2, 2));
        assertThat(c.shape()).containsExactly(2, 2);
        assertThat(v(c)).containsExactly(4, 3, 2, 1);
    }

    @Test
    void broadcastingWithSizeZero() {
        Tensor c = ops.mul(d(new double[0], 0, 3), d(new double[] {1, 2, 3}, 1, 3));
        assertThat(c.shape()).containsExactly(0, 3);
        assertThat(v(c)).isEmpty();
    }

    @Test
    void float32OutputsAreRoundedToFloat() {
        Tensor a = ops.fromFloats(new float[] {0.1f}, 1);
        Tensor b = ops.fromFloats(new float[] {0.2f}, 1);
        double sum = v(ops.add(a, b))[0];
        assertThat(sum).isEqualTo((double) (0.1f + 0.2f));
        assertThat(v(ops.exp(a))[0]).isEqualTo((double) (float) Math.exp(0.1f));
        assertThat(ops.add(a, b).dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void int32ArithmeticTruncates() {
        Tensor a = ops.fromInts(new int[] {7, -7}, 2);
        Tensor b = ops.fromInts(new int[] {2, 2}, 2);
        assertThat(ops.toInts(ops.div(a, b))).containsExactly(3, -3);
        assertThat(ops.div(a, b).dtype()).isEqualTo(DType.INT32);
        assertThat(ops.toInts(ops.cast(d(new double[] {-1.9, 1.9}, 2), DType.INT32))).containsExactly(-1, 1);
    }

    @Test
    void maximumPropagatesNaNAndComparisonsTreatItAsFalse() {
        Tensor a = d(new double[] {Double.NaN, 1, 2}, 3);
        Tensor b = d(new double[] {0, Double.NaN, 1}, 3);
        assertThat(v(ops.maximum(a, b))).containsExactly(Double.NaN, Double.NaN, 2);
        assertThat(v(ops.greater(a, b))).containsExactly(0, 0, 1);
        assertThat(v(ops.equal(a, a))).containsExactly(0, 1, 1);
    }

    @Test
    void whereBroadcastsAllThree() {
        Tensor cond = d(new double[] {1, 0}, 2, 1);
        Tensor c = ops.where(cond, d(new double[] {1, 2, 3}, 3), d(new double[] {-1}, 1));
        assertThat(c.shape()).containsExactly(2, 3);
        assertThat(v(c)).containsExactly(1, 2, 3, -1, -1, -1);
    }

    @Test
    void reluKeepsNaNAndSigmoidIsStable() {
        assertThat(v(ops.relu(d(new double[] {-1, 0, 2, Double.NaN}, 4)))).containsExactly(0, 0, 2, Double.NaN);
        double[] s = v(ops.sigmoid(d(new double[] {-800, 0, 800}, 3)));
        assertThat(s).containsExactly(0, 0.5, 1);
    }

    @Test
    void sumAndMaxOverAxes() {
        Tensor a = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(v(ops.sum(a, new int[] {0}, false))).containsExactly(5, 7, 9);
        assertThat(v(ops.sum(a, new int[] {-1}, false))).containsExactly(6, 15);
        Tensor kept = ops.sum(a, new int[] {1}, true);
        assertThat(kept.shape()).containsExactly(2, 1);
        Tensor all = ops.sum(a, new int[] {0, 1}, false);
        assertThat(all.shape()).isEmpty();
        assertThat(v(all)).containsExactly(21);
        assertThat(v(ops.max(a, new int[] {0}, false))).containsExactly(4, 5, 6);
        Tensor copy = ops.sum(a, new int[0], false);
        assertThat(copy.shape()).containsExactly(2, 3);
        assertThat(v(copy)).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void reductionsOverEmptyAxes() {
        Tensor empty = d(new double[0], 2, 0);
        assertThat(v(ops.sum(empty, new int[] {1}, false))).containsExactly(0, 0);
        assertThat(v(ops.max(empty, new int[] {1}, false))).containsExactly(-INF, -INF);
        assertThat(v(ops.logSumExp(empty, 1, false))).containsExactly(-INF, -INF);
    }

    @Test
    void maxIsNaNWhenAnyReducedElementIsNaN() {
        Tensor a = d(new double[] {1, Double.NaN, 3, 4, 5, 6}, 3, 2);
        assertThat(v(ops.max(a, new int[] {0}, false))).containsExactly(5, Double.NaN);
    }

    @Test
    void logSumExpHandWorked() {
        Tensor a = d(new double[] {0, Math.log(3), -INF, -INF, 1000, 1000}, 3, 2);
        double[] r = v(ops.logSumExp(a, 1, false));
        assertThat(r[0]).isCloseTo(Math.log(4), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(r[1]).isEqualTo(-INF);
        assertThat(r[2]).isCloseTo(1000 + Math.log(2), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void logSoftmaxOfAllMinusInfRowIsNaN() {
        Tensor a = d(new double[] {0, 0, -INF, -INF}, 2, 2);
        double[] r = v(ops.logSoftmax(a, -1));
        assertThat(r[0]).isCloseTo(-Math.log(2), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(r[1]).isCloseTo(-Math.log(2), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(r[2]).isNaN();
        assertThat(r[3]).isNaN();
    }

    @Test
    void argmaxTakesTheFirstMaximum() {
        Tensor a = d(new double[] {1, 3, 3, 0, 2, 2, 2, 2}, 2, 4);
        Tensor r = ops.argmax(a, 1);
        assertThat(r.dtype()).isEqualTo(DType.INT32);
        assertThat(r.shape()).containsExactly(2);
        assertThat(ops.toInts(r)).containsExactly(1, 0);
        assertThat(ops.toInts(ops.argmax(a, 0))).containsExactly(1, 0, 0, 1);
    }

    @Test
    void cumsumBothDirections() {
        Tensor a = d(new double[] {1, 2, 3, 10, 20, 30}, 2, 3);
        assertThat(v(ops.cumsum(a, 1, false))).containsExactly(1, 3, 6, 10, 30, 60);
        assertThat(v(ops.cumsum(a, -1, true))).containsExactly(6, 5, 3, 60, 50, 30);
        assertThat(v(ops.cumsum(a, 0, true))).containsExactly(11, 22, 33, 10, 20, 30);
    }

    @Test
    void matmulHandWorkedWithTransposes() {
        Tensor a = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = d(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);
        assertThat(v(ops.matmul(a, b, false, false))).containsExactly(58, 64, 139, 154);
        Tensor at = ops.permute(a, 1, 0);
        Tensor bt = ops.permute(b, 1, 0);
        assertThat(v(ops.matmul(at, b, true, false))).containsExactly(58, 64, 139, 154);
        assertThat(v(ops.matmul(a, bt, false, true))).containsExactly(58, 64, 139, 154);
        assertThat(v(ops.matmul(at, bt, true, true))).containsExactly(58, 64, 139, 154);
    }

    @Test
    void matmulBatchedAndSharedB() {
        Tensor a = d(new double[] {1, 0, 0, 1, 2, 0, 0, 2}, 2, 2, 2);
        Tensor b = d(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor shared = ops.matmul(a, b, false, false);
        assertThat(shared.shape()).containsExactly(2, 2, 2);
        assertThat(v(shared)).containsExactly(1, 2, 3, 4, 2, 4, 6, 8);
        Tensor b2 = d(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        assertThat(v(ops.matmul(a, b2, false, false))).containsExactly(1, 2, 3, 4, 10, 12, 14, 16);
        assertThat(v(ops.matmul(a, b, false, true))).containsExactly(1, 3, 2, 4, 2, 6, 4, 8);
    }

    @Test
    void matmulWithEmptyInnerDimensionGivesZeros() {
        Tensor r = ops.matmul(d(new double[0], 2, 0), d(new double[0], 0, 3), false, false);
        assertThat(r.shape()).containsExactly(2, 3);
        assertThat(v(r)).containsOnly(0.0);
    }

    @Test
    void matmulRejectsMismatchNamingBothShapes() {
        Tensor a = d(new double[6], 2, 3);
        Tensor b = d(new double[8], 4, 2);
        assertThatThrownBy(() -> ops.matmul(a, b, false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]")
                .hasMessageContaining("[4, 2]");
    }

    @Test
    void im2colHandWorked() {
        // 1x1x3x3 image 1..9, 2x2 kernel, stride 1: four patches of four pixels.
        Tensor x = d(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor cols = ops.im2col(x, 2, 2, 1, 0);
        assertThat(cols.shape()).containsExactly(1, 4, 4);
        assertThat(v(cols)).containsExactly(
                1, 2, 4, 5,
                2, 3, 5, 6,
                4, 5, 7, 8,
                5, 6, 8, 9);
    }

    @Test
    void im2colWithStrideAndPadding() {
        // 1x1x2x2 image, 2x2 kernel, stride 2, pad 1: outH = (2 + 2 - 2) / 2 + 1 = 2.
        Tensor x = d(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor cols = ops.im2col(x, 2, 2, 2, 1);
        assertThat(cols.shape()).containsExactly(1, 4, 4);
        // Row (i, j) holds the pixel at (2*oy - 1 + i, 2*ox - 1 + j) for each of the 4 output positions.
        assertThat(v(cols)).containsExactly(
                0, 0, 0, 4,
                0, 0, 3, 0,
                0, 2, 0, 0,
                1, 0, 0, 0);
    }

    @Test
    void col2imOfOnesCountsCoverage() {
        Tensor ones = ops.full(DType.FLOAT64, 1, 1, 4, 4);
        Tensor counts = ops.col2im(ones, 1, 3, 3, 2, 2, 1, 0);
        assertThat(counts.shape()).containsExactly(1, 1, 3, 3);
        assertThat(v(counts)).containsExactly(1, 2, 1, 2, 4, 2, 1, 2, 1);
    }

    @Test
    void col2imRejectsWrongColumnShape() {
        Tensor cols = ops.full(DType.FLOAT64, 1, 1, 4, 5);
        assertThatThrownBy(() -> ops.col2im(cols, 1, 3, 3, 2, 2, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 4, 5]");
    }

    @Test
    void shapeKernelsHandWorked() {
        Tensor a = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(v(ops.permute(a, 1, 0))).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(ops.reshape(a, -1, 2).shape()).containsExactly(3, 2);
        assertThat(v(ops.broadcastTo(d(new double[] {1, 2}, 2, 1), 2, 3))).containsExactly(1, 1, 1, 2, 2, 2);
        assertThat(v(ops.concat(1, a, d(new double[] {7, 8}, 2, 1)))).containsExactly(1, 2, 3, 7, 4, 5, 6, 8);
        assertThat(v(ops.slice(a, 1, 1, 3))).containsExactly(2, 3, 5, 6);
        Tensor padded = ops.pad(a, 1, 1, 2);
        assertThat(padded.shape()).containsExactly(2, 6);
        assertThat(v(padded)).containsExactly(0, 1, 2, 3, 0, 0, 0, 4, 5, 6, 0, 0);
        assertThat(v(ops.pad(a, 0, 1, 0))).containsExactly(0, 0, 0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void gatherAndScatterAddWithDuplicates() {
        Tensor a = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor idx = ops.fromInts(new int[] {2, 2, 0}, 3);
        assertThat(v(ops.gather(a, 1, idx))).containsExactly(3, 3, 1, 6, 6, 4);
        assertThat(v(ops.gather(a, 0, ops.fromInts(new int[] {1, 1}, 2)))).containsExactly(4, 5, 6, 4, 5, 6);
        Tensor scattered = ops.scatterAdd(a, 1, idx, 4);
        assertThat(scattered.shape()).containsExactly(2, 4);
        assertThat(v(scattered)).containsExactly(3, 0, 3, 0, 6, 0, 9, 0);
        Tensor rows = ops.scatterAdd(a, 0, ops.fromInts(new int[] {1, 1}, 2), 3);
        assertThat(v(rows)).containsExactly(0, 0, 0, 5, 7, 9, 0, 0, 0);
    }

    @Test
    void gatherRejectsOutOfRangeIndexAndNonIntIndex() {
        Tensor a = d(new double[] {1, 2, 3}, 3);
        assertThatThrownBy(() -> ops.gather(a, 0, ops.fromInts(new int[] {3}, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 3 out of range");
        assertThatThrownBy(() -> ops.gather(a, 0, d(new double[] {0}, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INT32");
    }

    @Test
    void oneHotGivesZeroRowsOutOfRange() {
        Tensor r = ops.oneHot(ops.fromInts(new int[] {1, -1, 3, 0}, 4), 3, DType.FLOAT32);
        assertThat(r.shape()).containsExactly(4, 3);
        assertThat(r.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(v(r)).containsExactly(0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0);
    }

    @Test
    void binaryKernelsRejectMixedDTypesAndClashingShapes() {
        Tensor f = ops.fromFloats(new float[] {1}, 1);
        Tensor g = d(new double[] {1}, 1);
        assertThatThrownBy(() -> ops.add(f, g)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FLOAT32").hasMessageContaining("FLOAT64");
        assertThatThrownBy(() -> ops.sub(d(new double[6], 2, 3), d(new double[4], 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]")
                .hasMessageContaining("[4]");
    }

    @Test
    void kernelsNeverModifyInputsAndShareNothingMutable() {
        double[] data = {1, 2, 3, 4};
        Tensor a = d(data, 2, 2);
        data[0] = 100;
        Tensor r = ops.reshape(a, 4);
        a.close();
        assertThat(v(r)).containsExactly(1, 2, 3, 4);
        double[] copy = v(r);
        copy[1] = 50;
        assertThat(v(r)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void closedTensorIsRejected() {
        Tensor a = d(new double[] {1}, 1);
        a.close();
        assertThatThrownBy(() -> ops.exp(a)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released");
    }
}
