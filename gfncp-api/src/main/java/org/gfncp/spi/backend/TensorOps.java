package org.gfncp.spi.backend;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;

/**
 * The closed, fully mandatory set of forward kernels a backend supplies. Gradients are not a backend concern:
 * core's tape composes every vector-Jacobian product from these same kernels.
 *
 * <p>Rules every implementation follows (the conformance kit checks each one):
 * <ul>
 *   <li>Results are new tensors attached to the innermost open {@link org.gfncp.api.tensor.TensorScope} of the
 *       calling thread; inputs are never modified.</li>
 *   <li>Binary element-wise kernels broadcast NumPy-style; both operands have the same dtype.</li>
 *   <li>Floating kernels propagate NaN and infinities as IEEE 754 says (for {@code maximum}: a NaN operand gives
 *       NaN).</li>
 *   <li>Dimensions of size 0 are legal everywhere a size-0 result makes sense (a sum over an empty axis is 0,
 *       a max over an empty axis is -inf, a log-sum-exp over an empty axis is -inf).</li>
 *   <li>Axes may be negative (counted from the end). Index tensors are {@link DType#INT32}.</li>
 *   <li>Masks are floating tensors of 0 and 1 with the dtype of the compared inputs.</li>
 * </ul>
 * A kernel an engine lacks is composed inside that backend from what it has, never left out.
 */
public interface TensorOps {

    // ---- host transfer -------------------------------------------------------------------------------------

    /** A FLOAT32 tensor holding a copy of {@code data} (row-major). */
    Tensor fromFloats(float[] data, int... shape);

    /** A FLOAT64 tensor holding a copy of {@code data} (row-major). */
    Tensor fromDoubles(double[] data, int... shape);

    /** An INT32 tensor holding a copy of {@code data} (row-major). */
    Tensor fromInts(int[] data, int... shape);

    /** A tensor of the given dtype with every element equal to {@code value}. */
    Tensor full(DType dtype, double value, int... shape);

    /** Copies any tensor to the host as doubles (row-major). */
    double[] toDoubles(Tensor t);

    /** Copies any tensor to the host as floats (row-major). */
    float[] toFloats(Tensor t);

    /**
     * Copies any tensor to the host as ints (row-major); floating values convert as Java's {@code (int)} cast does
     * (toward zero, NaN to 0, out-of-range values saturate).
     */
    int[] toInts(Tensor t);

    /** Converts the element type; floating to INT32 follows Java's {@code (int)} cast (toward zero, NaN to 0, saturating). */
    Tensor cast(Tensor t, DType dtype);

    // ---- element-wise, broadcasting -------------------------------------------------------------------------

    Tensor add(Tensor a, Tensor b);

    Tensor sub(Tensor a, Tensor b);

    Tensor mul(Tensor a, Tensor b);

    Tensor div(Tensor a, Tensor b);

    /** Element-wise maximum; NaN if either operand is NaN. */
    Tensor maximum(Tensor a, Tensor b);

    /** 1 where {@code a > b}, else 0 (NaN compares false). */
    Tensor greater(Tensor a, Tensor b);

    /** 1 where {@code a == b}, else 0 (NaN compares false). */
    Tensor equal(Tensor a, Tensor b);

    /** {@code cond != 0 ? a : b}, broadcasting all three to one shape; {@code a} and {@code b} share a dtype. */
    Tensor where(Tensor cond, Tensor a, Tensor b);

    // ---- with a scalar --------------------------------------------------------------------------------------

    Tensor addScalar(Tensor a, double s);

    Tensor mulScalar(Tensor a, double s);

    /** {@code a^p} element-wise. */
    Tensor powScalar(Tensor a, double p);

    // ---- unary ----------------------------------------------------------------------------------------------

    Tensor neg(Tensor a);

    Tensor exp(Tensor a);

    Tensor log(Tensor a);

    Tensor log1p(Tensor a);

    Tensor sqrt(Tensor a);

    Tensor tanh(Tensor a);

    Tensor sigmoid(Tensor a);

    Tensor relu(Tensor a);

    /**
     * The gradient of a ReLU from its output: {@code g} where {@code y > 0}, else 0, for {@code y} a ReLU's output
     * (non-negative) and finite {@code g} of the same shape. A fused kernel where the engine has one: the default
     * composition through a mask and {@code where} is the slowest step of an MLP's backward pass on some engines.
     */
    default Tensor reluBackward(Tensor y, Tensor g) {
        KernelChecks.reluBackward(y, g);
        try (Tensor zero = full(y.dtype(), 0.0); Tensor positive = greater(y, zero)) {
            return where(positive, g, zero);
        }
    }

    Tensor abs(Tensor a);

    // ---- reductions -----------------------------------------------------------------------------------------

    /** Sum over {@code axes}; an empty {@code axes} array returns a copy. */
    Tensor sum(Tensor a, int[] axes, boolean keepDims);

    /** Maximum over {@code axes} (NaN if any reduced element is NaN; -inf over an empty axis). */
    Tensor max(Tensor a, int[] axes, boolean keepDims);

    /** Numerically stable {@code log(sum(exp(a)))} over one axis; -inf when every element is -inf. */
    Tensor logSumExp(Tensor a, int axis, boolean keepDims);

    /** {@code a - logSumExp(a, axis, true)}; a row that is entirely -inf gives NaN. */
    Tensor logSoftmax(Tensor a, int axis);

    /** INT32 index of the first maximum along {@code axis}, that axis removed; a NaN counts as the maximum. */
    Tensor argmax(Tensor a, int axis);

    /** Inclusive cumulative sum along {@code axis}; with {@code reverse} it runs from the last element backwards. */
    Tensor cumsum(Tensor a, int axis, boolean reverse);

    // ---- linear algebra -------------------------------------------------------------------------------------

    /**
     * Matrix product over the last two dimensions: {@code op(a) [..., m, k] x op(b) [..., k, n] -> [..., m, n]}
     * where {@code op} transposes the last two dimensions when its flag is set. Either both operands have the
     * same leading (batch) dimensions, or {@code b} is rank 2 and is shared by every batch entry of {@code a}.
     */
    Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB);

    /**
     * A dense layer, {@code x [..., in] x w [out, in]^T + bias [out]} (bias may be null): one kernel where the
     * engine fuses the bias into the product, saving a pass over the output.
     */
    default Tensor linear(Tensor x, Tensor w, Tensor bias) {
        KernelChecks.linear(x, w, bias);
        Tensor xw = matmul(x, w, false, true);
        if (bias == null) {
            return xw;
        }
        try (xw) {
            return add(xw, bias);
        }
    }

    /**
     * Patches of a batch of images for convolution: {@code x [N, C, H, W] -> [N, C*kh*kw, L]} where
     * {@code L = outH * outW}, {@code outH = (H + 2*pad - kh) / stride + 1} (likewise W), zero padding, and
     * the patch axis ordered (c, i, j) with j fastest.
     */
    Tensor im2col(Tensor x, int kh, int kw, int stride, int pad);

    /** The adjoint of {@link #im2col}: sums patch columns {@code [N, C*kh*kw, L]} back into {@code [N, C, H, W]}. */
    Tensor col2im(Tensor cols, int channels, int height, int width, int kh, int kw, int stride, int pad);

    // ---- shape ----------------------------------------------------------------------------------------------

    /** Same elements, new shape (one {@code -1} entry is inferred). */
    Tensor reshape(Tensor a, int... shape);

    /** Reorders dimensions: result dimension i is input dimension {@code axes[i]}. */
    Tensor permute(Tensor a, int... axes);

    /** Broadcasts to {@code shape} (NumPy rules), materialized. */
    Tensor broadcastTo(Tensor a, int... shape);

    /** Joins tensors of equal shape except along {@code axis}. */
    Tensor concat(int axis, Tensor... parts);

    /** Elements {@code [from, to)} along {@code axis}. */
    Tensor slice(Tensor a, int axis, int from, int to);

    /** Zero padding along one axis: {@code before} zeros in front, {@code after} zeros behind (the adjoint of slice). */
    Tensor pad(Tensor a, int axis, int before, int after);

    // ---- indexing -------------------------------------------------------------------------------------------

    /** Selects along {@code axis} by a rank-1 INT32 index: the result's {@code axis} has {@code index.size()} entries. */
    Tensor gather(Tensor a, int axis, Tensor index);

    /**
     * The adjoint of {@link #gather}: a zero tensor whose {@code axis} has {@code size} entries, into which slice i of
     * {@code src} along {@code axis} is added at position {@code index[i]} (duplicates accumulate).
     */
    Tensor scatterAdd(Tensor src, int axis, Tensor index, int size);

    /** One-hot rows: INT32 {@code index [...]} to {@code [..., depth]} of the given floating dtype; out-of-range gives a zero row. */
    Tensor oneHot(Tensor index, int depth, DType dtype);
}
