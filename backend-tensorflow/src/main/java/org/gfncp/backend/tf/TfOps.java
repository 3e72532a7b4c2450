package org.gfncp.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetAttrBool;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetAttrType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INT32;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.BytePointer;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Shapes;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.spi.backend.HostArrays;
import org.gfncp.spi.backend.KernelChecks;
import org.gfncp.spi.backend.TensorOps;
import org.tensorflow.internal.c_api.TFE_TensorHandle;

/**
 * The forward kernels on TensorFlow eager ops. Most kernels are one native op. Composed ones:
 * <ul>
 *   <li>{@code greater}/{@code equal}: compare, then cast the boolean to the input dtype;</li>
 *   <li>{@code where}: a boolean from {@code cond != 0}, then SelectV2 (which broadcasts all three);</li>
 *   <li>{@code logSumExp}: max-shifted, shifting by 0 where the max is not finite (all -inf rows give -inf);</li>
 *   <li>{@code logSoftmax}: the native kernel (transposed when the axis is not last), plus {@code a - max} for rows
 *       holding +inf, which the native kernel turns entirely into NaN;</li>
 *   <li>{@code argmax}: the native kernel, plus a first-NaN index where a row holds NaN (TensorFlow skips NaN);</li>
 *   <li>{@code cast} to INT32: clamped and NaN-zeroed in FLOAT64 first, as Java's {@code (int)} cast does;</li>
 *   <li>{@code matmul} with a shared rank-2 {@code b}: a's batch folded into rows for one GEMM;</li>
 *   <li>{@code im2col}/{@code col2im}: a gather / segment-sum over a precomputed patch index;</li>
 *   <li>{@code scatterAdd}: a segment-sum along the leading axis (the axis moved there and back).</li>
 * </ul>
 * The NaN and +inf fix-ups are gated by one full reduction read to the host, so the common case pays one op.
 * Shapes and arguments are validated in Java first, so bad input fails with an {@link IllegalArgumentException}
 * naming the shapes.
 */
final class TfOps implements TensorOps {

    private static final BytePointer KEEP_DIMS = new BytePointer("keep_dims");
    private static final BytePointer DST_TYPE = new BytePointer("DstT");
    private static final BytePointer OUTPUT_TYPE = new BytePointer("output_type");
    private static final BytePointer REVERSE = new BytePointer("reverse");
    private static final BytePointer TRANSPOSE_A = new BytePointer("transpose_a");
    private static final BytePointer TRANSPOSE_B = new BytePointer("transpose_b");
    private static final BytePointer ADJ_X = new BytePointer("adj_x");
    private static final BytePointer ADJ_Y = new BytePointer("adj_y");

    /** Patch indices kept for the backend's lifetime; beyond this many geometries new ones are built per call. */
    private static final int PATCH_CACHE_LIMIT = 64;

    private record Geometry(int height, int width, int kh, int kw, int stride, int pad) {
    }

    private final TfBackend backend;
    private final EagerRuntime rt;
    private final ConstantCache constants;
    private final Map<Geometry, TFE_TensorHandle> patchIndex = new ConcurrentHashMap<>();

    TfOps(TfBackend backend) {
        this.backend = backend;
        this.rt = backend.runtime();
        this.constants = new ConstantCache(rt);
    }

    /** Frees the handles this object keeps; called by the backend before the context goes. */
    void releaseConstants() {
        constants.clear();
        patchIndex.values().forEach(rt::delete);
        patchIndex.clear();
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    /** Handles a kernel creates and frees before it returns (constants, intermediate results). */
    static final class Temps implements AutoCloseable {
        private final EagerRuntime rt;
        private TFE_TensorHandle[] held = new TFE_TensorHandle[8];
        private int count;

        Temps(EagerRuntime rt) {
            this.rt = rt;
        }

        TFE_TensorHandle add(TFE_TensorHandle h) {
            if (count == held.length) {
                held = Arrays.copyOf(held, count * 2);
            }
            held[count++] = h;
            return h;
        }

        @Override
        public void close() {
            for (int i = 0; i < count; i++) {
                rt.delete(held[i]);
            }
            count = 0;
        }
    }

    private Temps temps() {
        return new Temps(rt);
    }

    private TfTensor tf(Tensor t, String kernel) {
        if (t instanceof TfTensor x && x.backend() != backend) {
            throw new IllegalArgumentException(kernel + ": " + t + " does not belong to this TensorFlow backend");
        }
        return KernelChecks.operand(t, TfTensor.class, "this TensorFlow backend", kernel);
    }

    /** Wraps a fresh result handle; the new tensor owns it. */
    private TfTensor result(TFE_TensorHandle h) {
        try {
            return new TfTensor(h, rt.shape(h), EagerRuntime.dtype(h), backend);
        } catch (RuntimeException e) {
            rt.delete(h);
            throw e;
        }
    }

    private TfTensor copy(TfTensor a) {
        return result(rt.share(a.handle()));
    }

    private static EagerRuntime.Attrs flag(BytePointer name, boolean value) {
        return op -> TFE_OpSetAttrBool(op, name, (byte) (value ? 1 : 0));
    }

    private static EagerRuntime.Attrs flags(BytePointer n1, boolean v1, BytePointer n2, boolean v2) {
        return op -> {
            TFE_OpSetAttrBool(op, n1, (byte) (v1 ? 1 : 0));
            TFE_OpSetAttrBool(op, n2, (byte) (v2 ? 1 : 0));
        };
    }

    private static EagerRuntime.Attrs dstType(DType dtype) {
        int code = EagerRuntime.typeCode(dtype);
        return op -> TFE_OpSetAttrType(op, DST_TYPE, code);
    }

    private static final EagerRuntime.Attrs INT32_OUTPUT = op -> TFE_OpSetAttrType(op, OUTPUT_TYPE, TF_INT32);

    private static int size(int[] shape) {
        return (int) Shapes.size(shape);
    }

    // ---- host transfer -------------------------------------------------------------------------------------

    @Override
    public Tensor fromFloats(float[] data, int... shape) {
        int[] s = KernelChecks.shape(shape, "fromFloats");
        KernelChecks.fills(data.length, s, "fromFloats");
        return result(rt.fromFloats(data, s));
    }

    @Override
    public Tensor fromDoubles(double[] data, int... shape) {
        int[] s = KernelChecks.shape(shape, "fromDoubles");
        KernelChecks.fills(data.length, s, "fromDoubles");
        return result(rt.fromDoubles(data, s));
    }

    @Override
    public Tensor fromInts(int[] data, int... shape) {
        int[] s = KernelChecks.shape(shape, "fromInts");
        KernelChecks.fills(data.length, s, "fromInts");
        return result(rt.fromInts(data, s));
    }

    @Override
    public Tensor full(DType dtype, double value, int... shape) {
        KernelChecks.dtype(dtype, "full");
        int[] s = KernelChecks.shape(shape, "full");
        try (Temps t = temps()) {
            return result(rt.run(TfOp.FILL, null, constants.ints(t, s), constants.scalar(t, dtype, value)));
        }
    }

    @Override
    public double[] toDoubles(Tensor t) {
        TfTensor a = tf(t, "toDoubles");
        int n = size(a.dims());
        switch (a.dtype()) {
            case FLOAT64:
                return rt.toDoubles(a.handle(), n);
            case FLOAT32:
                return HostArrays.doubles(rt.toFloats(a.handle(), n));
            default:
                return HostArrays.doubles(rt.toInts(a.handle(), n));
        }
    }

    @Override
    public float[] toFloats(Tensor t) {
        TfTensor a = tf(t, "toFloats");
        int n = size(a.dims());
        switch (a.dtype()) {
            case FLOAT32:
                return rt.toFloats(a.handle(), n);
            case FLOAT64:
                return HostArrays.floats(rt.toDoubles(a.handle(), n));
            default:
                return HostArrays.floats(rt.toInts(a.handle(), n));
        }
    }

    @Override
    public int[] toInts(Tensor t) {
        TfTensor a = tf(t, "toInts");
        int n = size(a.dims());
        switch (a.dtype()) {
            case INT32:
                return rt.toInts(a.handle(), n);
            case FLOAT32:
                return HostArrays.ints(rt.toFloats(a.handle(), n));
            default:
                return HostArrays.ints(rt.toDoubles(a.handle(), n));
        }
    }

    @Override
    public Tensor cast(Tensor t, DType dtype) {
        TfTensor a = tf(t, "cast");
        KernelChecks.dtype(dtype, "cast");
        if (a.dtype() == dtype) {
            return copy(a);
        }
        if (dtype == DType.INT32) {
            return truncateToInt(a.handle(), a.dtype());
        }
        return result(rt.run(TfOp.CAST, dstType(dtype), a.handle()));
    }

    /**
     * Java's {@code (int)} cast, which the reference uses: toward zero, NaN to 0, saturating at the INT32 range.
     * TensorFlow's Cast truncates too but leaves NaN, infinities and overflow undefined, so values are clamped
     * first, in FLOAT64 where both INT32 bounds are exact.
     */
    private Tensor truncateToInt(TFE_TensorHandle a, DType from) {
        try (Temps t = temps()) {
            TFE_TensorHandle wide = from == DType.FLOAT64 ? a : t.add(rt.run(TfOp.CAST, dstType(DType.FLOAT64), a));
            TFE_TensorHandle clipped = t.add(rt.run(TfOp.CLIP, null, wide,
                    constants.scalar(t, DType.FLOAT64, Integer.MIN_VALUE),
                    constants.scalar(t, DType.FLOAT64, Integer.MAX_VALUE)));
            TFE_TensorHandle nan = t.add(rt.run(TfOp.IS_NAN, null, wide));
            TFE_TensorHandle safe = t.add(rt.run(TfOp.SELECT, null, nan, constants.scalar(t, DType.FLOAT64, 0),
                    clipped));
            return result(rt.run(TfOp.CAST, dstType(DType.INT32), safe));
        }
    }

    // ---- element-wise, broadcasting -------------------------------------------------------------------------

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return binary(TfOp.ADD, a, b, "add");
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return binary(TfOp.SUB, a, b, "sub");
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return binary(TfOp.MUL, a, b, "mul");
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
        // RealDiv has no integer kernel; TruncateDiv rounds toward zero like the reference's INT32 rounding.
        TfOp op = a != null && a.dtype() == DType.INT32 ? TfOp.TRUNCATE_DIV : TfOp.REAL_DIV;
        return binary(op, a, b, "div");
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        // TensorFlow's Maximum propagates NaN (checked by the tests), so no fix-up is needed.
        return binary(TfOp.MAXIMUM, a, b, "maximum");
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return compare(TfOp.GREATER, a, b, "greater");
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return compare(TfOp.EQUAL, a, b, "equal");
    }

    private Tensor binary(TfOp op, Tensor at, Tensor bt, String kernel) {
        TfTensor a = tf(at, kernel);
        TfTensor b = tf(bt, kernel);
        KernelChecks.elementwise(a, b, kernel);
        return result(rt.run(op, null, a.handle(), b.handle()));
    }

    private Tensor compare(TfOp op, Tensor at, Tensor bt, String kernel) {
        TfTensor a = tf(at, kernel);
        TfTensor b = tf(bt, kernel);
        KernelChecks.elementwise(a, b, kernel);
        try (Temps t = temps()) {
            TFE_TensorHandle mask = t.add(rt.run(op, null, a.handle(), b.handle()));
            return result(rt.run(TfOp.CAST, dstType(a.dtype()), mask));
        }
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        TfTensor c = tf(cond, "where");
        TfTensor x = tf(a, "where");
        TfTensor y = tf(b, "where");
        KernelChecks.where(c, x, y);
        try (Temps t = temps()) {
            TFE_TensorHandle zero = constants.scalar(t, c.dtype(), 0);
            TFE_TensorHandle mask = t.add(rt.run(TfOp.NOT_EQUAL, null, c.handle(), zero));
            return result(rt.run(TfOp.SELECT, null, mask, x.handle(), y.handle()));
        }
    }

    // ---- with a scalar --------------------------------------------------------------------------------------

    @Override
    public Tensor addScalar(Tensor a, double s) {
        return withScalar(TfOp.ADD, tf(a, "addScalar"), s, s == Math.rint(s));
    }

    @Override
    public Tensor mulScalar(Tensor a, double s) {
        return withScalar(TfOp.MUL, tf(a, "mulScalar"), s, s == Math.rint(s));
    }

    @Override
    public Tensor powScalar(Tensor a, double p) {
        return withScalar(TfOp.POW, tf(a, "powScalar"), p, p == Math.rint(p) && p >= 0);
    }

    /**
     * {@code a op s}. An INT32 tensor with a scalar that is not an exact integer (or a negative power) is computed
     * in FLOAT64 and truncated back, as the reference does, instead of truncating the scalar first.
     */
    private Tensor withScalar(TfOp op, TfTensor a, double s, boolean exactForInts) {
        try (Temps t = temps()) {
            if (a.dtype() != DType.INT32 || exactForInts) {
                return result(rt.run(op, null, a.handle(), constants.scalar(t, a.dtype(), s)));
            }
            TFE_TensorHandle wide = t.add(rt.run(TfOp.CAST, dstType(DType.FLOAT64), a.handle()));
            TFE_TensorHandle r = t.add(rt.run(op, null, wide, constants.scalar(t, DType.FLOAT64, s)));
            return truncateToInt(r, DType.FLOAT64);
        }
    }

    // ---- unary ----------------------------------------------------------------------------------------------

    @Override
    public Tensor neg(Tensor a) {
        return unary(TfOp.NEG, a, "neg");
    }

    @Override
    public Tensor exp(Tensor a) {
        return unary(TfOp.EXP, a, "exp");
    }

    @Override
    public Tensor log(Tensor a) {
        return unary(TfOp.LOG, a, "log");
    }

    @Override
    public Tensor log1p(Tensor a) {
        return unary(TfOp.LOG1P, a, "log1p");
    }

    @Override
    public Tensor sqrt(Tensor a) {
        return unary(TfOp.SQRT, a, "sqrt");
    }

    @Override
    public Tensor tanh(Tensor a) {
        return unary(TfOp.TANH, a, "tanh");
    }

    @Override
    public Tensor sigmoid(Tensor a) {
        return unary(TfOp.SIGMOID, a, "sigmoid");
    }

    @Override
    public Tensor relu(Tensor a) {
        return unary(TfOp.RELU, a, "relu");
    }

    /** TensorFlow's own ReLU gradient kernel: one pass instead of a mask and a select. */
    @Override
    public Tensor reluBackward(Tensor yt, Tensor gt) {
        TfTensor y = tf(yt, "reluBackward");
        TfTensor g = tf(gt, "reluBackward");
        KernelChecks.reluBackward(y, g);
        return result(rt.run(TfOp.RELU_GRAD, null, g.handle(), y.handle()));
    }

    @Override
    public Tensor abs(Tensor a) {
        return unary(TfOp.ABS, a, "abs");
    }

    private Tensor unary(TfOp op, Tensor at, String kernel) {
        TfTensor a = tf(at, kernel);
        return result(rt.run(op, null, a.handle()));
    }

    // ---- reductions -----------------------------------------------------------------------------------------

    @Override
    public Tensor sum(Tensor a, int[] axes, boolean keepDims) {
        return reduce(TfOp.SUM, a, axes, keepDims, "sum");
    }

    @Override
    public Tensor max(Tensor a, int[] axes, boolean keepDims) {
        // TensorFlow's Max propagates NaN and gives -inf over an empty axis, as the contract asks.
        return reduce(TfOp.MAX, a, axes, keepDims, "max");
    }

    private Tensor reduce(TfOp op, Tensor at, int[] axes, boolean keepDims, String kernel) {
        TfTensor a = tf(at, kernel);
        int[] shape = a.dims();
        int[] normalized = normalizeAxes(axes, shape, kernel);
        if (normalized.length == 0) {
            return copy(a);
        }
        try (Temps t = temps()) {
            return result(rt.run(op, flag(KEEP_DIMS, keepDims), a.handle(), constants.ints(t, normalized)));
        }
    }

    private static int[] normalizeAxes(int[] axes, int[] shape, String kernel) {
        KernelChecks.reducedAxes(shape, axes, kernel);
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = Shapes.axis(axes[i], shape.length);
        }
        return out;
    }

    @Override
    public Tensor logSumExp(Tensor at, int axis, boolean keepDims) {
        TfTensor a = tf(at, "logSumExp");
        int ax = KernelChecks.softmaxAxis(a, axis, "logSumExp");
        int[] shape = a.dims();
        try (Temps t = temps()) {
            TFE_TensorHandle axes = constants.ints(t, ax);
            TFE_TensorHandle m = t.add(rt.run(TfOp.MAX, flag(KEEP_DIMS, true), a.handle(), axes));
            // Shift by the max only where it is finite: an all -inf row (or +inf, or NaN) must not become NaN via
            // inf - inf; shifting it by 0 gives log(0) = -inf (resp. +inf, NaN) as required.
            TFE_TensorHandle finite = t.add(rt.run(TfOp.IS_FINITE, null, m));
            TFE_TensorHandle zero = constants.scalar(t, a.dtype(), 0);
            TFE_TensorHandle shift = t.add(rt.run(TfOp.SELECT, null, finite, m, zero));
            TFE_TensorHandle centered = t.add(rt.run(TfOp.SUB, null, a.handle(), shift));
            TFE_TensorHandle e = t.add(rt.run(TfOp.EXP, null, centered));
            TFE_TensorHandle s = t.add(rt.run(TfOp.SUM, flag(KEEP_DIMS, keepDims), e, axes));
            TFE_TensorHandle log = t.add(rt.run(TfOp.LOG, null, s));
            TFE_TensorHandle back = keepDims ? shift : t.add(rt.run(TfOp.RESHAPE, null, shift,
                    constants.ints(t, Shapes.reduce(shape, new int[] {ax}, false))));
            return result(rt.run(TfOp.ADD, null, log, back));
        }
    }

    @Override
    public Tensor logSoftmax(Tensor at, int axis) {
        TfTensor a = tf(at, "logSoftmax");
        int ax = KernelChecks.softmaxAxis(a, axis, "logSoftmax");
        int[] shape = a.dims();
        if (size(shape) == 0) {
            return copy(a);
        }
        try (Temps t = temps()) {
            TFE_TensorHandle plain = nativeLogSoftmax(a.handle(), shape, ax, t);
            double top = globalMax(a, t);
            if (top != Double.POSITIVE_INFINITY && !Double.isNaN(top)) {
                return result(rt.share(plain));
            }
            // TensorFlow turns a whole row holding +inf into NaN; the contract's a - logSumExp(a) gives -inf for
            // its other entries (and NaN only for the +inf itself), so such rows are recomputed as a - max.
            TFE_TensorHandle axes = constants.ints(t, ax);
            TFE_TensorHandle m = t.add(rt.run(TfOp.MAX, flag(KEEP_DIMS, true), a.handle(), axes));
            TFE_TensorHandle rowHasInf = t.add(rt.run(TfOp.EQUAL, null, m,
                    constants.scalar(t, a.dtype(), Double.POSITIVE_INFINITY)));
            TFE_TensorHandle minusMax = t.add(rt.run(TfOp.SUB, null, a.handle(), m));
            return result(rt.run(TfOp.SELECT, null, rowHasInf, minusMax, plain));
        }
    }

    /** TensorFlow's LogSoftmax, which works on the last axis only: other axes are swapped there and back. */
    private TFE_TensorHandle nativeLogSoftmax(TFE_TensorHandle a, int[] shape, int ax, Temps t) {
        int last = shape.length - 1;
        if (ax == last) {
            return t.add(rt.run(TfOp.LOG_SOFTMAX, null, a));
        }
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[ax] = last;
        perm[last] = ax;
        TFE_TensorHandle p = constants.ints(t, perm);
        TFE_TensorHandle moved = t.add(rt.run(TfOp.TRANSPOSE, null, a, p));
        TFE_TensorHandle ls = t.add(rt.run(TfOp.LOG_SOFTMAX, null, moved));
        // A swap of two axes is its own inverse.
        return t.add(rt.run(TfOp.TRANSPOSE, null, ls, p));
    }

    /**
     * The largest element of a non-empty floating tensor, read to the host: NaN when any element is NaN (Max
     * propagates it). One reduction lets the common case skip the fix-ups that NaN and +inf need.
     */
    private double globalMax(TfTensor a, Temps t) {
        int[] all = new int[a.rank()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        TFE_TensorHandle m = t.add(rt.run(TfOp.MAX, flag(KEEP_DIMS, false), a.handle(), constants.ints(t, all)));
        return a.dtype() == DType.FLOAT64 ? rt.toDoubles(m, 1)[0] : rt.toFloats(m, 1)[0];
    }

    @Override
    public Tensor argmax(Tensor at, int axis) {
        TfTensor a = tf(at, "argmax");
        int[] shape = a.dims();
        int ax = KernelChecks.argmaxAxis(shape, axis);
        int[] outShape = Shapes.reduce(shape, new int[] {ax}, false);
        if (shape[ax] == 0 || size(outShape) == 0) {
            return result(rt.fromInts(new int[0], outShape));
        }
        try (Temps t = temps()) {
            TFE_TensorHandle dim = constants.scalarInt(t, ax);
            if (!a.dtype().isFloating() || !Double.isNaN(globalMax(a, t))) {
                return result(rt.run(TfOp.ARG_MAX, INT32_OUTPUT, a.handle(), dim));
            }
            // TensorFlow's ArgMax skips NaN; the contract (like NumPy) treats the first NaN as the maximum.
            TFE_TensorHandle nan = t.add(rt.run(TfOp.IS_NAN, null, a.handle()));
            TFE_TensorHandle nanInt = t.add(rt.run(TfOp.CAST, dstType(DType.INT32), nan));
            TFE_TensorHandle firstNaN = t.add(rt.run(TfOp.ARG_MAX, INT32_OUTPUT, nanInt, dim));
            TFE_TensorHandle rowHasNaN = t.add(rt.run(TfOp.ANY, flag(KEEP_DIMS, false), nan, dim));
            TFE_TensorHandle plain = t.add(rt.run(TfOp.ARG_MAX, INT32_OUTPUT, a.handle(), dim));
            return result(rt.run(TfOp.SELECT, null, rowHasNaN, firstNaN, plain));
        }
    }

    @Override
    public Tensor cumsum(Tensor at, int axis, boolean reverse) {
        TfTensor a = tf(at, "cumsum");
        int ax = KernelChecks.axis(axis, a.dims(), "cumsum");
        try (Temps t = temps()) {
            return result(rt.run(TfOp.CUMSUM, flag(REVERSE, reverse), a.handle(), constants.scalarInt(t, ax)));
        }
    }

    // ---- linear algebra -------------------------------------------------------------------------------------

    @Override
    public Tensor matmul(Tensor at, Tensor bt, boolean transA, boolean transB) {
        TfTensor a = tf(at, "matmul");
        TfTensor b = tf(bt, "matmul");
        int[] product = KernelChecks.matmul(a, b, transA, transB);
        int[] sa = a.dims();
        int[] sb = b.dims();
        int ra = sa.length;
        int rb = sb.length;
        int k = transA ? sa[ra - 2] : sa[ra - 1];
        int n = product[ra - 1];
        boolean sharedB = rb == 2;
        if (ra == 2 && rb == 2) {
            return result(rt.run(TfOp.MAT_MUL, flags(TRANSPOSE_A, transA, TRANSPOSE_B, transB),
                    a.handle(), b.handle()));
        }
        if (sharedB && !transA) {
            // One large GEMM instead of many small ones: fold a's batch dimensions into its rows.
            int rows = size(Arrays.copyOf(sa, ra - 1));
            int[] outShape = sa.clone();
            outShape[ra - 1] = n;
            try (Temps t = temps()) {
                TFE_TensorHandle flat = t.add(rt.run(TfOp.RESHAPE, null, a.handle(), constants.ints(t, rows, k)));
                TFE_TensorHandle prod = t.add(rt.run(TfOp.MAT_MUL, flags(TRANSPOSE_A, false, TRANSPOSE_B, transB),
                        flat, b.handle()));
                return result(rt.run(TfOp.RESHAPE, null, prod, constants.ints(t, outShape)));
            }
        }
        // BatchMatMulV2 broadcasts a rank-2 b over a's batch dimensions; adjoint = transpose for real dtypes.
        return result(rt.run(TfOp.BATCH_MAT_MUL, flags(ADJ_X, transA, ADJ_Y, transB), a.handle(), b.handle()));
    }

    // ---- convolution patches --------------------------------------------------------------------------------

    @Override
    public Tensor im2col(Tensor xt, int kh, int kw, int stride, int pad) {
        TfTensor x = tf(xt, "im2col");
        int[] s = x.dims();
        KernelChecks.im2col(s, kh, kw, stride, pad);
        int images = s[0];
        int channels = s[1];
        int outH = KernelChecks.convOut(s[2], kh, stride, pad, "im2col");
        int outW = KernelChecks.convOut(s[3], kw, stride, pad, "im2col");
        int padded = (s[2] + 2 * pad) * (s[3] + 2 * pad);
        try (Temps t = temps()) {
            TFE_TensorHandle source = x.handle();
            if (pad > 0) {
                TFE_TensorHandle paddings = t.add(rt.fromInts(new int[] {0, 0, 0, 0, pad, pad, pad, pad},
                        new int[] {4, 2}));
                source = t.add(rt.run(TfOp.PAD, null, source, paddings));
            }
            TFE_TensorHandle planes = t.add(rt.run(TfOp.RESHAPE, null, source,
                    constants.ints(t, images * channels, padded)));
            TFE_TensorHandle index = patchIndex(new Geometry(s[2], s[3], kh, kw, stride, pad), t);
            TFE_TensorHandle patches = t.add(rt.run(TfOp.GATHER, null, planes, index, constants.scalarInt(t, 1)));
            return result(rt.run(TfOp.RESHAPE, null, patches,
                    constants.ints(t, images, channels * kh * kw, outH * outW)));
        }
    }

    @Override
    public Tensor col2im(Tensor colsT, int channels, int height, int width, int kh, int kw, int stride, int pad) {
        TfTensor cols = tf(colsT, "col2im");
        int[] s = cols.dims();
        KernelChecks.col2im(s, channels, height, width, kh, kw, stride, pad);
        int l = KernelChecks.convOut(height, kh, stride, pad, "col2im") * KernelChecks.convOut(width, kw, stride,
                pad, "col2im");
        int images = s[0];
        int ph = height + 2 * pad;
        int pw = width + 2 * pad;
        try (Temps t = temps()) {
            // Segment sums run over the leading axis, so the patch positions go first and the planes last.
            TFE_TensorHandle perm = constants.ints(t, 1, 0);
            TFE_TensorHandle planes = t.add(rt.run(TfOp.RESHAPE, null, cols.handle(),
                    constants.ints(t, images * channels, kh * kw * l)));
            TFE_TensorHandle byPosition = t.add(rt.run(TfOp.TRANSPOSE, null, planes, perm));
            TFE_TensorHandle index = patchIndex(new Geometry(height, width, kh, kw, stride, pad), t);
            TFE_TensorHandle summed = t.add(rt.run(TfOp.UNSORTED_SEGMENT_SUM, null, byPosition, index,
                    constants.scalarInt(t, ph * pw)));
            TFE_TensorHandle back = t.add(rt.run(TfOp.TRANSPOSE, null, summed, perm));
            TFE_TensorHandle image = t.add(rt.run(TfOp.RESHAPE, null, back,
                    constants.ints(t, images, channels, ph, pw)));
            if (pad == 0) {
                return result(rt.share(image));
            }
            return result(rt.run(TfOp.SLICE, null, image, constants.ints(t, 0, 0, pad, pad),
                    constants.ints(t, images, channels, height, width)));
        }
    }

    /**
     * For each patch entry (i, j) and output position l, in that order, the offset of its pixel in the flattened
     * padded image. Cached per geometry; handles beyond the cache limit are added to {@code t}.
     */
    private TFE_TensorHandle patchIndex(Geometry g, Temps t) {
        TFE_TensorHandle cached = patchIndex.get(g);
        if (cached != null) {
            return cached;
        }
        int outH = (g.height + 2 * g.pad - g.kh) / g.stride + 1;
        int outW = (g.width + 2 * g.pad - g.kw) / g.stride + 1;
        int pw = g.width + 2 * g.pad;
        int[] index = new int[g.kh * g.kw * outH * outW];
        int p = 0;
        for (int i = 0; i < g.kh; i++) {
            for (int j = 0; j < g.kw; j++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        index[p++] = (oy * g.stride + i) * pw + ox * g.stride + j;
                    }
                }
            }
        }
        TFE_TensorHandle h = rt.ints(index);
        if (patchIndex.size() >= PATCH_CACHE_LIMIT) {
            return t.add(h);
        }
        TFE_TensorHandle raced = patchIndex.putIfAbsent(g, h);
        if (raced != null) {
            rt.delete(h);
            return raced;
        }
        return h;
    }

    // ---- shape ----------------------------------------------------------------------------------------------

    @Override
    public Tensor reshape(Tensor at, int... shape) {
        TfTensor a = tf(at, "reshape");
        int[] out = KernelChecks.reshape(a.dims(), shape);
        try (Temps t = temps()) {
            return result(rt.run(TfOp.RESHAPE, null, a.handle(), constants.ints(t, out)));
        }
    }

    @Override
    public Tensor permute(Tensor at, int... axes) {
        TfTensor a = tf(at, "permute");
        int[] perm = KernelChecks.permutation(a.dims(), axes);
        try (Temps t = temps()) {
            return result(rt.run(TfOp.TRANSPOSE, null, a.handle(), constants.ints(t, perm)));
        }
    }

    @Override
    public Tensor broadcastTo(Tensor at, int... shape) {
        TfTensor a = tf(at, "broadcastTo");
        int[] target = KernelChecks.broadcastTo(a.dims(), shape);
        try (Temps t = temps()) {
            return result(rt.run(TfOp.BROADCAST_TO, null, a.handle(), constants.ints(t, target)));
        }
    }

    @Override
    public Tensor concat(int axis, Tensor... parts) {
        int ax = Shapes.axis(axis, KernelChecks.concat(axis, parts).length);
        TFE_TensorHandle[] handles = new TFE_TensorHandle[parts.length];
        for (int i = 0; i < parts.length; i++) {
            handles[i] = tf(parts[i], "concat").handle();
        }
        if (parts.length == 1) {
            return copy(tf(parts[0], "concat"));
        }
        try (Temps t = temps()) {
            return result(rt.runWithList(TfOp.CONCAT, null, handles, constants.scalarInt(t, ax)));
        }
    }

    @Override
    public Tensor slice(Tensor at, int axis, int from, int to) {
        TfTensor a = tf(at, "slice");
        int[] s = a.dims();
        int ax = KernelChecks.slice(s, axis, from, to);
        if (from == 0 && to == s[ax]) {
            return copy(a);
        }
        int[] begin = new int[s.length];
        begin[ax] = from;
        int[] size = s.clone();
        size[ax] = to - from;
        try (Temps t = temps()) {
            return result(rt.run(TfOp.SLICE, null, a.handle(), constants.ints(t, begin), constants.ints(t, size)));
        }
    }

    @Override
    public Tensor pad(Tensor at, int axis, int before, int after) {
        TfTensor a = tf(at, "pad");
        int[] s = a.dims();
        int ax = KernelChecks.pad(s, axis, before, after);
        if (before == 0 && after == 0) {
            return copy(a);
        }
        int[] paddings = new int[2 * s.length];
        paddings[2 * ax] = before;
        paddings[2 * ax + 1] = after;
        try (Temps t = temps()) {
            return result(rt.run(TfOp.PAD, null, a.handle(), t.add(rt.fromInts(paddings, new int[] {s.length, 2}))));
        }
    }

    // ---- indexing -------------------------------------------------------------------------------------------

    @Override
    public Tensor gather(Tensor at, int axis, Tensor indexT) {
        TfTensor a = tf(at, "gather");
        TfTensor index = tf(indexT, "gather");
        int ax = KernelChecks.gather(a.dims(), axis, index);
        // GatherV2 on the CPU rejects out-of-range indices itself (InvalidArgument -> IllegalArgumentException).
        try (Temps t = temps()) {
            return result(rt.run(TfOp.GATHER, null, a.handle(), index.handle(), constants.scalarInt(t, ax)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gather along axis " + axis + " of shape "
                    + Arrays.toString(a.dims()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Tensor scatterAdd(Tensor srcT, int axis, Tensor indexT, int size) {
        TfTensor src = tf(srcT, "scatterAdd");
        TfTensor index = tf(indexT, "scatterAdd");
        int[] s = src.dims();
        int ax = KernelChecks.scatterAdd(s, axis, index, size);
        // UnsortedSegmentSum silently drops negative ids, so the range is checked here.
        KernelChecks.indexRange(rt.toInts(index.handle(), s[ax]), size, "scatterAdd", "along axis " + axis);
        int[] outShape = s.clone();
        outShape[ax] = size;
        try (Temps t = temps()) {
            TFE_TensorHandle segments = constants.scalarInt(t, size);
            if (ax == 0) {
                return result(rt.run(TfOp.UNSORTED_SEGMENT_SUM, null, src.handle(), index.handle(), segments));
            }
            boolean leadingOnes = true;
            for (int i = 0; i < ax; i++) {
                leadingOnes &= s[i] == 1;
            }
            if (leadingOnes) {
                // Only size-1 dimensions precede the axis: a reshape moves it to the front without copying.
                TFE_TensorHandle front = t.add(rt.run(TfOp.RESHAPE, null, src.handle(),
                        constants.ints(t, Arrays.copyOfRange(s, ax, s.length))));
                TFE_TensorHandle summed = t.add(rt.run(TfOp.UNSORTED_SEGMENT_SUM, null, front, index.handle(),
                        segments));
                return result(rt.run(TfOp.RESHAPE, null, summed, constants.ints(t, outShape)));
            }
            int[] toFront = new int[s.length];
            int[] fromFront = new int[s.length];
            toFront[0] = ax;
            for (int i = 0, next = 1; i < s.length; i++) {
                if (i != ax) {
                    toFront[next++] = i;
                }
            }
            for (int i = 0; i < s.length; i++) {
                fromFront[toFront[i]] = i;
            }
            TFE_TensorHandle front = t.add(rt.run(TfOp.TRANSPOSE, null, src.handle(), constants.ints(t, toFront)));
            TFE_TensorHandle summed = t.add(rt.run(TfOp.UNSORTED_SEGMENT_SUM, null, front, index.handle(),
                    segments));
            return result(rt.run(TfOp.TRANSPOSE, null, summed, constants.ints(t, fromFront)));
        }
    }

    @Override
    public Tensor oneHot(Tensor indexT, int depth, DType dtype) {
        TfTensor index = tf(indexT, "oneHot");
        KernelChecks.oneHot(index, depth, dtype);
        try (Temps t = temps()) {
            return result(rt.run(TfOp.ONE_HOT, null, index.handle(), constants.scalarInt(t, depth),
                    constants.scalar(t, dtype, 1), constants.scalar(t, dtype, 0)));
        }
    }
}
