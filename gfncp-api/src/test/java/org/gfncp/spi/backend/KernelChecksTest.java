package org.gfncp.spi.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The shared checks compute the result shapes the kernels promise and name the offending shapes when they fail. */
class KernelChecksTest {

    private final TensorTracker tracker = new TensorTracker();

    /** A storage-free tensor: the checks only read shape and dtype. */
    private final class Handle extends AbstractTensor {
        Handle(DType dtype, int... shape) {
            super(shape, dtype, tracker);
        }

        @Override
        protected void release() {
        }
    }

    private Handle f64(int... shape) {
        return new Handle(DType.FLOAT64, shape);
    }

    @Test
    void operandAcceptsOwnOpenTensorsOnly() {
        Handle h = f64(2);
        assertThat(KernelChecks.operand(h, Handle.class, "the test backend", "exp")).isSameAs(h);
        assertThatThrownBy(() -> KernelChecks.operand(null, Handle.class, "the test backend", "exp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("exp: tensor argument is null");
        Tensor foreign = new AbstractTensor(new int[] {2}, DType.FLOAT64, tracker) {
            @Override
            protected void release() {
            }
        };
        assertThatThrownBy(() -> KernelChecks.operand(foreign, Handle.class, "the test backend", "exp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to the test backend");
        h.close();
        assertThatThrownBy(() -> KernelChecks.operand(h, Handle.class, "the test backend", "exp"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void matmulShapesAndMessages() {
        assertThat(KernelChecks.matmul(f64(5, 2, 3), f64(3, 4), false, false)).containsExactly(5, 2, 4);
        assertThat(KernelChecks.matmul(f64(3, 2), f64(4, 3), true, true)).containsExactly(2, 4);
        assertThatThrownBy(() -> KernelChecks.matmul(f64(2, 3), f64(4, 2), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inner dimensions")
                .hasMessageContaining("[2, 3]").hasMessageContaining("[4, 2]");
        assertThatThrownBy(() -> KernelChecks.matmul(f64(2, 2, 3), f64(3, 3, 4), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch dimensions");
        assertThatThrownBy(() -> KernelChecks.matmul(f64(2, 3), new Handle(DType.FLOAT32, 3, 4), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT64")
                .hasMessageContaining("FLOAT32");
        assertThatThrownBy(() -> KernelChecks.matmul(f64(3), f64(3, 4), false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank >= 2");
    }

    @Test
    void elementwiseAndWhereBroadcast() {
        assertThat(KernelChecks.elementwise(f64(2, 1), f64(3), "add")).containsExactly(2, 3);
        assertThatThrownBy(() -> KernelChecks.elementwise(f64(2), f64(3), "add"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("add: ")
                .hasMessageContaining("[2] and [3]");
        assertThatThrownBy(() -> KernelChecks.elementwise(f64(2), new Handle(DType.INT32, 2), "sub"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dtype mismatch");
        assertThat(KernelChecks.where(new Handle(DType.FLOAT32, 4, 1), f64(1, 3), f64(3))).containsExactly(4, 3);
        assertThatThrownBy(() -> KernelChecks.where(f64(2), f64(2), new Handle(DType.FLOAT32, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("where: ");
    }

    @Test
    void convolutionGeometry() {
        assertThat(KernelChecks.im2col(new int[] {2, 3, 5, 5}, 3, 3, 2, 1)).containsExactly(2, 27, 9);
        assertThat(KernelChecks.col2im(new int[] {2, 27, 9}, 3, 5, 5, 3, 3, 2, 1)).containsExactly(2, 3, 5, 5);
        assertThatThrownBy(() -> KernelChecks.im2col(new int[] {3, 5, 5}, 3, 3, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 5, 5]");
        assertThatThrownBy(() -> KernelChecks.im2col(new int[] {1, 1, 2, 2}, 5, 5, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than padded size 2");
        assertThatThrownBy(() -> KernelChecks.col2im(new int[] {2, 26, 9}, 3, 5, 5, 3, 3, 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 26, 9]")
                .hasMessageContaining("[N, 27, 9]");
    }

    @Test
    void shapeKernels() {
        assertThat(KernelChecks.permutation(new int[] {2, 3, 4}, new int[] {-1, 0, 1})).containsExactly(2, 0, 1);
        assertThatThrownBy(() -> KernelChecks.permutation(new int[] {2, 3}, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat axis 0");
        assertThat(KernelChecks.broadcastTo(new int[] {3, 1}, new int[] {2, 3, 4})).containsExactly(2, 3, 4);
        assertThatThrownBy(() -> KernelChecks.broadcastTo(new int[] {3}, new int[] {4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot broadcast [3] to [4]");
        assertThat(KernelChecks.concat(-1, f64(2, 1), f64(2, 3))).containsExactly(2, 4);
        assertThatThrownBy(() -> KernelChecks.concat(1, f64(2, 1), f64(3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 1] and [3, 1]");
        assertThatThrownBy(() -> KernelChecks.concat(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThat(KernelChecks.slice(new int[] {2, 5}, -1, 1, 5)).isEqualTo(1);
        assertThatThrownBy(() -> KernelChecks.slice(new int[] {2, 5}, 1, 3, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 6)")
                .hasMessageContaining("[2, 5]");
        assertThatThrownBy(() -> KernelChecks.reshape(new int[] {2, 3}, new int[] {4, -1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reshape: ");
    }

    @Test
    void indexKernels() {
        Handle index = new Handle(DType.INT32, 3);
        assertThat(KernelChecks.scatterAdd(new int[] {2, 3}, 1, index, 7)).isEqualTo(1);
        assertThatThrownBy(() -> KernelChecks.scatterAdd(new int[] {2, 4}, 1, index, 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 4] has 4 entries");
        assertThatThrownBy(() -> KernelChecks.gather(new int[] {2}, 0, f64(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index must be INT32");
        assertThatThrownBy(() -> KernelChecks.indexRange(new int[] {0, 3}, 3, "gather",
                KernelChecks.gatherWhere(0, new int[] {3, 2})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gather: index 3 out of range [0, 3) along axis 0 of shape [3, 2]");
        assertThat(KernelChecks.oneHot(new Handle(DType.INT32, 2, 3), 4, DType.FLOAT32)).containsExactly(2, 3, 4);
        assertThatThrownBy(() -> KernelChecks.oneHot(index, 4, DType.INT32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floating");
    }

    @Test
    void reductionAxes() {
        assertThat(KernelChecks.reducedAxes(new int[] {2, 3, 4}, new int[] {-1, 0}, "sum"))
                .containsExactly(true, false, true);
        assertThatThrownBy(() -> KernelChecks.reducedAxes(new int[] {2, 3}, new int[] {1, -1}, "sum"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum over [1, -1] of shape [2, 3]");
        assertThat(KernelChecks.argmaxAxis(new int[] {0, 3}, 1)).isEqualTo(1);
        assertThatThrownBy(() -> KernelChecks.argmaxAxis(new int[] {2, 0}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is empty");
    }
}
