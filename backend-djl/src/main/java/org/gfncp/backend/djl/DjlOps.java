package org.gfncp.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Shapes;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.spi.backend.HostArrays;
import org.gfncp.spi.backend.KernelChecks;
import org.gfncp.spi.backend.TensorOps;
import org.gfncp.spi.backend.TensorTracker;

/**
 * The forward kernels on libtorch. Native where DJL exposes the operation (mostly through {@link JniUtils}, which
 * skips the shape checks of DJL's generic {@code NDArray} layer); composed here otherwise. A composed kernel closes
 * every intermediate array before it returns, so only the result is left under the root manager.
 *
 * <p>INT32 follows the reference semantics: arithmetic that libtorch would promote to floating (true division,
 * floating scalars, transcendental functions) runs in FLOAT64 and comes back through Java's {@code (int)} cast semantics (toward zero, NaN to 0,
 * saturating).
 */
final class DjlOps implements TensorOps {

    /** Distinct scalar values kept as shared constants; beyond this, scalar kernels allocate per call. */
    static final int MAX_CACHED_CONSTANTS = 256;

    private final PtNDManager root;
    private final Device device;
    private final TensorTracker tracker;
    private final Map<ScalarKey, PtNDArray> constants = new ConcurrentHashMap<>();

    /** Key of a cached 0-dim constant; raw bits keep -0.0 and 0.0 apart. */
    private record ScalarKey(long bits, DataType dtype) {
    }

    DjlOps(NDManager root, TensorTracker tracker) {
        this.root = (PtNDManager) root;
        this.device = root.getDevice();
        this.tracker = tracker;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static DjlTensor tensor(Tensor t, String kernel) {
        return KernelChecks.operand(t, DjlTensor.class, "the djl backend", kernel);
    }

    private static PtNDArray nd(DjlTensor t) {
        return (PtNDArray) t.array();
    }

    /** Hands a fresh native array to a new tensor handle (and so to the innermost scope). */
    private DjlTensor wrap(NDArray r) {
        DType dtype = fromDjl(r.getDataType());
        if (dtype == null) {
            DataType found = r.getDataType();
            r.close();
            throw new IllegalStateException("libtorch returned an unsupported element type " + found);
        }
        return new DjlTensor(r, dims(r.getShape()), dtype, tracker);
    }

    /**
     * Like {@link #wrap(NDArray)} for a result whose shape and dtype the kernel already knows, saving the two JNI
     * queries on the hottest kernels. Tests run with assertions on, which compare against the array.
     */
    private DjlTensor wrap(NDArray r, int[] shape, DType dtype) {
        assert r.getDataType() == toDjl(dtype) && Arrays.equals(dims(r.getShape()), shape)
                : "kernel result " + r.getDataType() + r.getShape() + " is not " + dtype + Arrays.toString(shape);
        return new DjlTensor(r, shape, dtype, tracker);
    }

    /** Converts {@code r} to {@code dtype} when needed, closing {@code r} if it was converted. */
    private PtNDArray to(NDArray r, DType dtype) {
        PtNDArray a = (PtNDArray) r;
        if (a.getDataType() == toDjl(dtype)) {
            return a;
        }
        try {
            return convert(a, dtype);
        } finally {
            a.close();
        }
    }

    /** A converted copy of {@code a}, which must not already have {@code dtype}; {@code a} stays open. */
    private PtNDArray convert(PtNDArray a, DType dtype) {
        if (dtype == DType.INT32 && a.getDataType().isFloating()) {
            return truncateToInt(a);
        }
        return a.toType(toDjl(dtype), false);
    }

    /**
     * Java's {@code (int)} cast, which the reference uses: toward zero, NaN to 0, saturating at the INT32 range.
     * libtorch truncates too, but leaves NaN, infinities and overflow undefined, so values are clamped first (in
     * FLOAT64, where both INT32 bounds are exact).
     */
    private PtNDArray truncateToInt(PtNDArray a) {
        PtNDArray lo = constant(Integer.MIN_VALUE, DataType.FLOAT64);
        PtNDArray hi = constant(Integer.MAX_VALUE, DataType.FLOAT64);
        PtNDArray zero = constant(0, DataType.FLOAT64);
        try (PtNDArray wide = a.getDataType() == DataType.FLOAT64 ? null : a.toType(DataType.FLOAT64, false);
                PtNDArray nan = JniUtils.isNaN(wide == null ? a : wide);
                PtNDArray above = JniUtils.max(wide == null ? a : wide, lo);
                PtNDArray clamped = JniUtils.min(above, hi);
                PtNDArray clean = JniUtils.where(nan, zero, clamped)) {
            return clean.toType(DataType.INT32, false);
        }
    }

    static DataType toDjl(DType d) {
        return switch (d) {
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT64 -> DataType.FLOAT64;
            case INT32 -> DataType.INT32;
        };
    }

    static DType fromDjl(DataType d) {
        return switch (d) {
            case FLOAT32 -> DType.FLOAT32;
            case FLOAT64 -> DType.FLOAT64;
            case INT32 -> DType.INT32;
            default -> null;
        };
    }

    private static int[] dims(Shape s) {
        int[] out = new int[s.dimension()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) s.get(i);
        }
        return out;
    }

    private static Shape shape(int... dims) {
        long[] l = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            l[i] = dims[i];
        }
        return new Shape(l);
    }

    /**
     * A shared 0-dim constant; never close it. Operands of the tensor's own dtype keep libtorch from promoting
     * 0-dim inputs, and sharing saves an allocation per scalar kernel. The constants stay under the root manager
     * until the backend closes.
     */
    private PtNDArray constant(double value, DataType dtype) {
        return constants.computeIfAbsent(new ScalarKey(Double.doubleToRawLongBits(value), dtype),
                k -> newConstant(value, dtype));
    }

    private PtNDArray newConstant(double value, DataType dtype) {
        return JniUtils.full(root, new Shape(), value, dtype, device, SparseFormat.DENSE);
    }

    /** Native arrays held by the constant cache (not tensors). */
    int cachedConstants() {
        return constants.size();
    }

    private PtNDArray fullArray(DType dtype, double value, int[] shape) {
        return JniUtils.full(root, shape(shape), value, toDjl(dtype), device, SparseFormat.DENSE);
    }

    // ---- host transfer -------------------------------------------------------------------------------------

    @Override
    public Tensor fromFloats(float[] data, int... shape) {
        KernelChecks.shape(shape, "fromFloats");
        KernelChecks.fills(data.length, shape, "fromFloats");
        return wrap(root.create(data, shape(shape)));
    }

    @Override
    public Tensor fromDoubles(double[] data, int... shape) {
        KernelChecks.shape(shape, "fromDoubles");
        KernelChecks.fills(data.length, shape, "fromDoubles");
        return wrap(root.create(data, shape(shape)));
    }

    @Override
    public Tensor fromInts(int[] data, int... shape) {
        KernelChecks.shape(shape, "fromInts");
        KernelChecks.fills(data.length, shape, "fromInts");
        return wrap(root.create(data, shape(shape)));
    }

    @Override
    public Tensor full(DType dtype, double value, int... shape) {
        KernelChecks.dtype(dtype, "full");
        KernelChecks.shape(shape, "full");
        // Java's cast gives the reference's truncation (and defined results for NaN and infinities).
        double v = dtype == DType.INT32 ? (int) value : value;
        return wrap(fullArray(dtype, v, shape));
    }

    @Override
    public double[] toDoubles(Tensor t) {
        DjlTensor x = tensor(t, "toDoubles");
        NDArray a = x.array();
        switch (x.dtype()) {
            case FLOAT64:
                return a.toDoubleArray();
            case FLOAT32:
                return HostArrays.doubles(a.toFloatArray());
            default:
                return HostArrays.doubles(a.toIntArray());
        }
    }

    @Override
    public float[] toFloats(Tensor t) {
        DjlTensor x = tensor(t, "toFloats");
        NDArray a = x.array();
        switch (x.dtype()) {
            case FLOAT32:
                return a.toFloatArray();
            case FLOAT64:
                return HostArrays.floats(a.toDoubleArray());
            default:
                return HostArrays.floats(a.toIntArray());
        }
    }

    @Override
    public int[] toInts(Tensor t) {
        DjlTensor x = tensor(t, "toInts");
        NDArray a = x.array();
        switch (x.dtype()) {
            case INT32:
                return a.toIntArray();
            case FLOAT32:
                return HostArrays.ints(a.toFloatArray());
            default:
                return HostArrays.ints(a.toDoubleArray());
        }
    }

    @Override
    public Tensor cast(Tensor t, DType dtype) {
        DjlTensor x = tensor(t, "cast");
        KernelChecks.dtype(dtype, "cast");
        if (x.dtype() == dtype) {
            return wrap(JniUtils.clone(nd(x)));
        }
        return wrap(convert(nd(x), dtype));
    }

    // ---- element-wise, broadcasting -------------------------------------------------------------------------

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return binary(a, b, "add", JniUtils::add);
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return binary(a, b, "sub", JniUtils::sub);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return binary(a, b, "mul", JniUtils::mul);
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
        DjlTensor x = tensor(a, "div");
        DjlTensor y = tensor(b, "div");
        KernelChecks.elementwise(x, y, "div");
        if (x.dtype() != DType.INT32) {
            return wrap(JniUtils.div(nd(x), nd(y)));
        }
        // libtorch's int/int is true division in FLOAT32; the reference divides in double and truncates.
        try (PtNDArray xd = nd(x).toType(DataType.FLOAT64, false);
                PtNDArray yd = nd(y).toType(DataType.FLOAT64, false)) {
            return wrap(to(JniUtils.div(xd, yd), DType.INT32));
        }
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return binary(a, b, "maximum", JniUtils::max);
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return compare(a, b, "greater", JniUtils::gt);
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return compare(a, b, "equal", JniUtils::eq);
    }

    private Tensor binary(Tensor a, Tensor b, String kernel, BinaryOperator<PtNDArray> op) {
        DjlTensor x = tensor(a, kernel);
        DjlTensor y = tensor(b, kernel);
        int[] shape = KernelChecks.elementwise(x, y, kernel);
        return wrap(op.apply(nd(x), nd(y)), shape, x.dtype());
    }

    private Tensor compare(Tensor a, Tensor b, String kernel, BinaryOperator<PtNDArray> op) {
        DjlTensor x = tensor(a, kernel);
        DjlTensor y = tensor(b, kernel);
        int[] shape = KernelChecks.elementwise(x, y, kernel);
        NDArray mask = op.apply(nd(x), nd(y));
        assert mask.getDataType() == DataType.BOOLEAN && Arrays.equals(dims(mask.getShape()), shape)
                : "comparison result " + mask.getDataType() + mask.getShape() + " is not BOOLEAN"
                        + Arrays.toString(shape);
        return DjlTensor.ofMask(mask, shape, x.dtype(), tracker);
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        DjlTensor c = tensor(cond, "where");
        DjlTensor x = tensor(a, "where");
        DjlTensor y = tensor(b, "where");
        KernelChecks.where(c, x, y);
        NDArray known = c.mask();
        if (known != null) {
            return wrap(JniUtils.where((PtNDArray) known, nd(x), nd(y)));
        }
        // Conversion to bool is "!= 0" (NaN counts as true), exactly the contract's test.
        try (PtNDArray mask = nd(c).toType(DataType.BOOLEAN, false)) {
            return wrap(JniUtils.where(mask, nd(x), nd(y)));
        }
    }

    // ---- with a scalar --------------------------------------------------------------------------------------

    @Override
    public Tensor addScalar(Tensor a, double s) {
        return scalar(a, s, "addScalar", JniUtils::add);
    }

    @Override
    public Tensor mulScalar(Tensor a, double s) {
        return scalar(a, s, "mulScalar", JniUtils::mul);
    }

    @Override
    public Tensor powScalar(Tensor a, double p) {
        return scalar(a, p, "powScalar", JniUtils::pow);
    }

    /**
     * Applies {@code op} with a 0-dim operand of the tensor's floating dtype (FLOAT64 for INT32, whose result is
     * then truncated back, as the reference does). Matching dtypes keep 0-dim inputs from being promoted.
     */
    private Tensor scalar(Tensor a, double s, String kernel, BinaryOperator<PtNDArray> op) {
        DjlTensor x = tensor(a, kernel);
        DataType dtype = x.dtype() == DType.FLOAT32 ? DataType.FLOAT32 : DataType.FLOAT64;
        PtNDArray cached = constants.get(new ScalarKey(Double.doubleToRawLongBits(s), dtype));
        if (cached == null && constants.size() < MAX_CACHED_CONSTANTS) {
            cached = constant(s, dtype);
        }
        if (cached != null) {
            return wrap(to(op.apply(nd(x), cached), x.dtype()), x.dims(), x.dtype());
        }
        // A caller cycling through many distinct scalars (a schedule, say) must not grow the cache without bound.
        try (PtNDArray scalar = newConstant(s, dtype)) {
            return wrap(to(op.apply(nd(x), scalar), x.dtype()));
        }
    }

    // ---- unary ----------------------------------------------------------------------------------------------

    @Override
    public Tensor neg(Tensor a) {
        DjlTensor x = tensor(a, "neg");
        return wrap(JniUtils.neg(nd(x)), x.dims(), x.dtype());
    }

    @Override
    public Tensor exp(Tensor a) {
        return floating(a, "exp", JniUtils::exp);
    }

    @Override
    public Tensor log(Tensor a) {
        return floating(a, "log", JniUtils::log);
    }

    @Override
    public Tensor log1p(Tensor a) {
        return floating(a, "log1p", this::log1p);
    }

    @Override
    public Tensor sqrt(Tensor a) {
        return floating(a, "sqrt", JniUtils::sqrt);
    }

    @Override
    public Tensor tanh(Tensor a) {
        return floating(a, "tanh", JniUtils::tanh);
    }

    @Override
    public Tensor sigmoid(Tensor a) {
        return floating(a, "sigmoid", JniUtils::sigmoid);
    }

    @Override
    public Tensor relu(Tensor a) {
        DjlTensor x = tensor(a, "relu");
        return wrap(JniUtils.relu(nd(x)), x.dims(), x.dtype());
    }

    /**
     * {@code g * sign(y)}: for a ReLU's output sign is exactly the 0/1 mask, and the two plain float passes cost
     * about a tenth of {@code where} over a bool mask, which this libtorch build runs element by element.
     */
    @Override
    public Tensor reluBackward(Tensor yt, Tensor gt) {
        DjlTensor y = tensor(yt, "reluBackward");
        DjlTensor g = tensor(gt, "reluBackward");
        int[] shape = KernelChecks.reluBackward(y, g);
        try (PtNDArray step = JniUtils.sign(nd(y))) {
            return wrap(JniUtils.mul(nd(g), step), shape, y.dtype());
        }
    }

    @Override
    public Tensor abs(Tensor a) {
        DjlTensor x = tensor(a, "abs");
        return wrap(JniUtils.abs(nd(x)), x.dims(), x.dtype());
    }

    /** A floating function; INT32 input is evaluated in FLOAT64 and truncated back, as the reference does. */
    private Tensor floating(Tensor a, String kernel, UnaryOperator<PtNDArray> op) {
        DjlTensor x = tensor(a, kernel);
        if (x.dtype().isFloating()) {
            return wrap(op.apply(nd(x)), x.dims(), x.dtype());
        }
        try (PtNDArray xd = nd(x).toType(DataType.FLOAT64, false)) {
            return wrap(to(op.apply(xd), DType.INT32));
        }
    }

    /**
     * DJL exposes no log1p (nor atanh). Goldberg's form {@code log(u) * x / (u - 1)} with {@code u = 1 + x} keeps
     * full relative precision because {@code u - 1} is exact; where {@code u == 1} the answer is x itself. It is
     * used for |x| < 1/2 only, since for larger x plain {@code log(u)} is already accurate and handles +inf,
     * where the quotient would be NaN.
     */
    private PtNDArray log1p(PtNDArray x) {
        DataType dtype = x.getDataType();
        PtNDArray zero = constant(0, dtype);
        PtNDArray one = constant(1, dtype);
        PtNDArray half = constant(0.5, dtype);
        try (PtNDArray u = JniUtils.add(x, one);
                PtNDArray logU = JniUtils.log(u);
                PtNDArray uMinus1 = JniUtils.sub(u, one);
                PtNDArray ratio = JniUtils.div(x, uMinus1);
                PtNDArray corrected = JniUtils.mul(logU, ratio);
                PtNDArray absX = JniUtils.abs(x);
                PtNDArray moderate = JniUtils.lt(absX, half);
                PtNDArray accurate = JniUtils.where(moderate, corrected, logU);
                PtNDArray exact = JniUtils.eq(uMinus1, zero)) {
            return JniUtils.where(exact, x, accurate);
        }
    }

    // ---- reductions -----------------------------------------------------------------------------------------

    private static long[] normalized(boolean[] reduced) {
        int count = 0;
        for (boolean r : reduced) {
            if (r) {
                count++;
            }
        }
        long[] out = new long[count];
        for (int i = 0, j = 0; i < reduced.length; i++) {
            if (reduced[i]) {
                out[j++] = i;
            }
        }
        return out;
    }

    @Override
    public Tensor sum(Tensor a, int[] axes, boolean keepDims) {
        DjlTensor x = tensor(a, "sum");
        boolean[] reduced = KernelChecks.reducedAxes(x.dims(), axes, "sum");
        if (axes.length == 0) {
            // libtorch reads an empty dim list as "all dims".
            return wrap(JniUtils.clone(nd(x)));
        }
        // libtorch accumulates INT32 sums in INT64.
        return wrap(to(JniUtils.sum(nd(x), normalized(reduced), keepDims), x.dtype()));
    }

    @Override
    public Tensor max(Tensor a, int[] axes, boolean keepDims) {
        DjlTensor x = tensor(a, "max");
        boolean[] reduced = KernelChecks.reducedAxes(x.dims(), axes, "max");
        if (axes.length == 0) {
            return wrap(JniUtils.clone(nd(x)));
        }
        return wrap(maxArray(nd(x), x.dims(), x.dtype(), reduced, keepDims));
    }

    /**
     * libtorch reduces one axis at a time and refuses empty input (it has no identity for max), so several axes
     * are reduced one after another and empty input yields the contract's -inf.
     */
    private PtNDArray maxArray(PtNDArray x, int[] shape, DType dtype, boolean[] reduced, boolean keepDims) {
        long[] ax = normalized(reduced);
        if (Shapes.size(shape) == 0) {
            return fullArray(dtype, dtype == DType.INT32 ? (int) Double.NEGATIVE_INFINITY : Double.NEGATIVE_INFINITY,
                    Shapes.reduce(shape, intArray(ax), keepDims));
        }
        if (ax.length == 1) {
            return JniUtils.max(x, ax[0], keepDims);
        }
        PtNDArray cur = x;
        for (int i = ax.length - 1; i >= 0; i--) {
            PtNDArray next = JniUtils.max(cur, ax[i], true);
            if (cur != x) {
                cur.close();
            }
            cur = next;
        }
        if (keepDims) {
            return cur;
        }
        try {
            return JniUtils.reshape(cur, toLongs(Shapes.reduce(shape, intArray(ax), false)));
        } finally {
            cur.close();
        }
    }

    private static int[] intArray(long[] l) {
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = (int) l[i];
        }
        return out;
    }

    private static long[] toLongs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /**
     * Composed: {@code m + log(sum(exp(a - m)))} with {@code m} the max clamped to the finite range. Clamping
     * (instead of masking infinities) keeps the all -inf row at -inf, a +inf entry at +inf, NaN as NaN, and an
     * empty axis at -inf.
     */
    @Override
    public Tensor logSumExp(Tensor a, int axis, boolean keepDims) {
        DjlTensor x = tensor(a, "logSumExp");
        int ax = KernelChecks.softmaxAxis(x, axis, "logSumExp");
        int[] shape = x.dims();
        boolean[] reduced = new boolean[shape.length];
        reduced[ax] = true;
        double limit = x.dtype() == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        DataType dt = toDjl(x.dtype());
        // Not JniUtils.clip: it leaves its two bound scalars attached to the manager.
        PtNDArray lo = constant(-limit, dt);
        PtNDArray hi = constant(limit, dt);
        try (PtNDArray m = maxArray(nd(x), shape, x.dtype(), reduced, true);
                PtNDArray below = JniUtils.min(m, hi);
                PtNDArray mc = JniUtils.max(below, lo);
                PtNDArray shifted = JniUtils.sub(nd(x), mc);
                PtNDArray e = JniUtils.exp(shifted);
                PtNDArray s = JniUtils.sum(e, new long[] {ax}, keepDims);
                PtNDArray l = JniUtils.log(s)) {
            if (keepDims) {
                return wrap(JniUtils.add(l, mc));
            }
            try (PtNDArray mcs = JniUtils.squeeze(mc, ax)) {
                return wrap(JniUtils.add(l, mcs));
            }
        }
    }

    /**
     * Native log_softmax, fixed up for rows holding +inf: libtorch returns NaN for the whole row, while
     * {@code a - logSumExp(a)} is NaN only at the +inf entries and -inf elsewhere, which is exactly {@code a - max}
     * for such a row. Rows with NaN or only -inf are NaN either way.
     */
    @Override
    public Tensor logSoftmax(Tensor a, int axis) {
        DjlTensor x = tensor(a, "logSoftmax");
        int ax = KernelChecks.softmaxAxis(x, axis, "logSoftmax");
        int[] shape = x.dims();
        if (Shapes.size(shape) == 0) {
            return wrap(JniUtils.clone(nd(x)));
        }
        DataType dt = toDjl(x.dtype());
        PtNDArray inf = constant(Double.POSITIVE_INFINITY, dt);
        try (PtNDArray logSoftmax = JniUtils.logSoftmax(nd(x), ax, dt);
                PtNDArray m = JniUtils.max(nd(x), ax, true);
                PtNDArray rowHasInf = JniUtils.eq(m, inf);
                PtNDArray minusMax = JniUtils.sub(nd(x), m)) {
            return wrap(JniUtils.where(rowHasInf, minusMax, logSoftmax));
        }
    }

    @Override
    public Tensor argmax(Tensor a, int axis) {
        DjlTensor x = tensor(a, "argmax");
        int[] shape = x.dims();
        int ax = KernelChecks.argmaxAxis(shape, axis);
        if (shape[ax] == 0) {
            return wrap(fullArray(DType.INT32, 0, Shapes.reduce(shape, new int[] {ax}, false)));
        }
        return wrap(to(JniUtils.argMax(nd(x), ax, false), DType.INT32));
    }

    @Override
    public Tensor cumsum(Tensor a, int axis, boolean reverse) {
        DjlTensor x = tensor(a, "cumsum");
        int ax = KernelChecks.axis(axis, x.dims(), "cumsum");
        if (!reverse) {
            return wrap(to(JniUtils.cumSum(nd(x), ax), x.dtype()));
        }
        long[] flipAxis = {ax};
        try (PtNDArray flipped = JniUtils.flip(nd(x), flipAxis);
                PtNDArray summed = to(JniUtils.cumSum(flipped, ax), x.dtype())) {
            return wrap(JniUtils.flip(summed, flipAxis));
        }
    }

    // ---- linear algebra -------------------------------------------------------------------------------------

    @Override
    public Tensor matmul(Tensor at, Tensor bt, boolean transA, boolean transB) {
        DjlTensor a = tensor(at, "matmul");
        DjlTensor b = tensor(bt, "matmul");
        int[] out = KernelChecks.matmul(a, b, transA, transB);
        int ra = a.rank();
        int rb = b.rank();
        if (transB && !transA && rb == 2) {
            // x w^T is torch's linear: the same BLAS call, without creating and closing a transposed view
            return wrap(JniUtils.linear(nd(a), nd(b), null), out, a.dtype());
        }
        // Transposes are strided views; torch.matmul hands them to BLAS without copying.
        PtNDArray x = transA ? JniUtils.transpose(nd(a), ra - 2, ra - 1) : nd(a);
        PtNDArray y = transB ? JniUtils.transpose(nd(b), rb - 2, rb - 1) : nd(b);
        try {
            return wrap(JniUtils.matmul(x, y), out, a.dtype());
        } finally {
            if (transA) {
                x.close();
            }
            if (transB) {
                y.close();
            }
        }
    }

    /** torch's linear: the bias is added inside the same BLAS call's output pass. */
    @Override
    public Tensor linear(Tensor xt, Tensor wt, Tensor bt) {
        DjlTensor x = tensor(xt, "linear");
        DjlTensor w = tensor(wt, "linear");
        DjlTensor b = bt == null ? null : tensor(bt, "linear");
        int[] out = KernelChecks.linear(x, w, b);
        return wrap(JniUtils.linear(nd(x), nd(w), b == null ? null : nd(b)), out, x.dtype());
    }

    /** Strided window {@code [.., .., i::stride (count rows), j::stride (count cols)]} of a 4-D array, as a view. */
    private static NDIndex window(int i, int j, int stride, int rows, int cols) {
        return new NDIndex().addAllDim(2)
                .addSliceDim(i, i + (long) stride * (rows - 1) + 1, stride)
                .addSliceDim(j, j + (long) stride * (cols - 1) + 1, stride);
    }

    /**
     * Composed (DJL exposes no unfold): zero-pad once, then one strided view per kernel offset (kh*kw views, each
     * covering the whole batch) stacked into {@code [N, C, kh*kw, outH, outW]}, which reshapes to the (c, i, j)
     * patch order for free.
     */
    @Override
    public Tensor im2col(Tensor xt, int kh, int kw, int stride, int pad) {
        DjlTensor x = tensor(xt, "im2col");
        int[] s = x.dims();
        KernelChecks.im2col(s, kh, kw, stride, pad);
        int outH = KernelChecks.convOut(s[2], kh, stride, pad, "im2col");
        int outW = KernelChecks.convOut(s[3], kw, stride, pad, "im2col");
        PtNDArray padded = pad > 0 ? JniUtils.pad(nd(x), new long[] {pad, pad, pad, pad}, 0) : nd(x);
        PtNDArray[] windows = new PtNDArray[kh * kw];
        try {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    windows[i * kw + j] = (PtNDArray) padded.get(window(i, j, stride, outH, outW));
                }
            }
            try (PtNDArray stacked = JniUtils.stack(windows, 2)) {
                return wrap(JniUtils.reshape(stacked, new long[] {s[0], (long) s[1] * kh * kw, (long) outH * outW}));
            }
        } finally {
            for (PtNDArray w : windows) {
                if (w != null) {
                    w.close();
                }
            }
            if (pad > 0) {
                padded.close();
            }
        }
    }

    /**
     * Composed adjoint of im2col: each of the kh*kw column blocks is added in place into a strided view of one
     * zero, padded image buffer (the views overlap when stride < kernel, so the adds run one after another);
     * the padding is then cropped off.
     */
    @Override
    public Tensor col2im(Tensor colsT, int channels, int height, int width, int kh, int kw, int stride, int pad) {
        DjlTensor cols = tensor(colsT, "col2im");
        int[] s = cols.dims();
        KernelChecks.col2im(s, channels, height, width, kh, kw, stride, pad);
        int outH = KernelChecks.convOut(height, kh, stride, pad, "col2im");
        int outW = KernelChecks.convOut(width, kw, stride, pad, "col2im");
        int n = s[0];
        int[] paddedShape = {n, channels, height + 2 * pad, width + 2 * pad};
        PtNDArray image = fullArray(cols.dtype(), 0, paddedShape);
        try (PtNDArray blocks = JniUtils.reshape(nd(cols), new long[] {n, channels, (long) kh * kw, outH, outW})) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    try (PtNDArray block = (PtNDArray) blocks.get(new NDIndex().addAllDim(2).addIndices(i * kw + j));
                            PtNDArray target = (PtNDArray) image.get(window(i, j, stride, outH, outW))) {
                        JniUtils.addi(target, block);
                    }
                }
            }
            if (pad == 0) {
                PtNDArray result = image;
                image = null;
                return wrap(result);
            }
            return wrap(image.get(new NDIndex().addAllDim(2).addSliceDim(pad, pad + height)
                    .addSliceDim(pad, pad + width)));
        } finally {
            if (image != null) {
                image.close();
            }
        }
    }

    // ---- shape ----------------------------------------------------------------------------------------------

    @Override
    public Tensor reshape(Tensor a, int... shape) {
        DjlTensor x = tensor(a, "reshape");
        int[] out = KernelChecks.reshape(x.dims(), shape);
        return wrap(JniUtils.reshape(nd(x), toLongs(out)), out, x.dtype());
    }

    @Override
    public Tensor permute(Tensor a, int... axes) {
        DjlTensor x = tensor(a, "permute");
        int[] order = KernelChecks.permutation(x.dims(), axes);
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = x.dims()[order[i]];
        }
        return wrap(JniUtils.permute(nd(x), toLongs(order)), out, x.dtype());
    }

    @Override
    public Tensor broadcastTo(Tensor a, int... shape) {
        DjlTensor x = tensor(a, "broadcastTo");
        int[] target = KernelChecks.broadcastTo(x.dims(), shape);
        // An expanded view: tensors are never written in place, so sharing the storage is safe.
        return wrap(JniUtils.broadcast(nd(x), shape(target)), target, x.dtype());
    }

    @Override
    public Tensor concat(int axis, Tensor... parts) {
        KernelChecks.concat(axis, parts);
        PtNDArray[] arrays = new PtNDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
            arrays[i] = nd(tensor(parts[i], "concat"));
        }
        return wrap(JniUtils.cat(arrays, Shapes.axis(axis, parts[0].rank())));
    }

    @Override
    public Tensor slice(Tensor a, int axis, int from, int to) {
        DjlTensor x = tensor(a, "slice");
        int[] s = x.dims();
        int ax = KernelChecks.slice(s, axis, from, to);
        return wrap(JniUtils.slice(nd(x), ax, from, to, 1));
    }

    @Override
    public Tensor pad(Tensor a, int axis, int before, int after) {
        DjlTensor x = tensor(a, "pad");
        int[] s = x.dims();
        int ax = KernelChecks.pad(s, axis, before, after);
        // constant_pad_nd lists (before, after) pairs from the last dimension backwards.
        long[] padding = new long[2 * (s.length - ax)];
        padding[padding.length - 2] = before;
        padding[padding.length - 1] = after;
        return wrap(JniUtils.pad(nd(x), padding, 0));
    }

    // ---- indexing -------------------------------------------------------------------------------------------

    @Override
    public Tensor gather(Tensor a, int axis, Tensor index) {
        DjlTensor x = tensor(a, "gather");
        DjlTensor it = tensor(index, "gather");
        int[] s = x.dims();
        int ax = KernelChecks.gather(s, axis, it);
        // Checked on the host (index tensors are short) so bad entries fail with a clear message.
        KernelChecks.indexRange(it.array().toIntArray(), s[ax], "gather", KernelChecks.gatherWhere(axis, s));
        if (ax == 0) {
            int[] out = gatherShape(s, it.dims()[0]);
            return wrap(gatherRows(nd(x), nd(it), s, out), out, x.dtype());
        }
        // Advanced indexing with one index array on one axis is torch's index_select. JniUtils is called directly:
        // DJL's indexer copies the index through the host, and both leave an INT64 copy behind unless given one.
        try (PtNDArray longIndex = nd(it).toType(DataType.INT64, false)) {
            return wrap(JniUtils.indexAdv(nd(x), new NDIndex().addAllDim(ax).addIndices("{}", longIndex), root));
        }
    }

    /**
     * Rows of {@code x} along axis 0 through torch's embedding lookup, which takes the INT32 index as it is and
     * copies whole rows: one native call, 3 to 5 times faster than advanced indexing with its INT64 conversion
     * (measured 2.6 vs 7.1 us for 4 rows and 0.3 vs 1.3 ms for 14,000 rows of 128 floats). The lookup wants a
     * matrix, so other ranks pass through reshape views.
     */
    private static PtNDArray gatherRows(PtNDArray x, PtNDArray index, int[] s, int[] out) {
        if (s.length == 2) {
            return JniUtils.embedding(index, x, false);
        }
        long rest = 1;
        for (int i = 1; i < s.length; i++) {
            rest *= s[i];
        }
        try (PtNDArray matrix = JniUtils.reshape(x, new long[] {s[0], rest});
                PtNDArray rows = JniUtils.embedding(index, matrix, false)) {
            long[] shape = new long[out.length];
            for (int i = 0; i < out.length; i++) {
                shape[i] = out[i];
            }
            return JniUtils.reshape(rows, shape);
        }
    }

    private static int[] gatherShape(int[] s, int rows) {
        int[] out = s.clone();
        out[0] = rows;
        return out;
    }

    /**
     * Composed from a sparse tensor, since DJL exposes no index_add: the source (scattered axis moved to the front)
     * becomes the values of a COO tensor whose single sparse dimension is the index, and densifying it sums
     * duplicate indices. That is O(source size), unlike a one-hot matmul, and deterministic on the CPU.
     */
    @Override
    public Tensor scatterAdd(Tensor src, int axis, Tensor index, int size) {
        DjlTensor x = tensor(src, "scatterAdd");
        DjlTensor it = tensor(index, "scatterAdd");
        int[] s = x.dims();
        int ax = KernelChecks.scatterAdd(s, axis, it, size);
        KernelChecks.indexRange(it.array().toIntArray(), size, "scatterAdd", "along axis " + axis);
        int rank = s.length;
        long[] toFront = new long[rank];
        long[] back = new long[rank];
        long[] denseShape = new long[rank];
        toFront[0] = ax;
        denseShape[0] = size;
        for (int i = 0, j = 1; i < rank; i++) {
            if (i != ax) {
                toFront[j] = i;
                denseShape[j] = s[i];
                j++;
            }
        }
        for (int j = 0; j < rank; j++) {
            back[(int) toFront[j]] = j;
        }
        PtNDArray values = ax == 0 ? nd(x) : JniUtils.permute(nd(x), toFront);
        try (PtNDArray longIndex = nd(it).toType(DataType.INT64, false);
                PtNDArray rows = JniUtils.reshape(longIndex, new long[] {1, s[ax]});
                PtNDArray sparse = JniUtils.createSparseCoo(rows, values, new Shape(denseShape))) {
            PtNDArray dense = JniUtils.toDense(sparse);
            if (ax == 0) {
                return wrap(dense);
            }
            try {
                return wrap(JniUtils.permute(dense, back));
            } finally {
                dense.close();
            }
        } finally {
            if (ax != 0) {
                values.close();
            }
        }
    }

    @Override
    public Tensor oneHot(Tensor index, int depth, DType dtype) {
        DjlTensor it = tensor(index, "oneHot");
        KernelChecks.oneHot(it, depth, dtype);
        return wrap(oneHotArray(nd(it), depth, dtype));
    }

    /**
     * Composed as {@code index[..., None] == arange(depth)}: torch's one_hot rejects out-of-range entries, while
     * the contract wants a zero row for them.
     */
    private PtNDArray oneHotArray(PtNDArray index, int depth, DType dtype) {
        try (PtNDArray classes = JniUtils.arange(root, 0, depth, 1, DataType.INT32, device, SparseFormat.DENSE);
                PtNDArray column = JniUtils.unsqueeze(index, -1);
                PtNDArray hits = JniUtils.eq(column, classes)) {
            return hits.toType(toDjl(dtype), false);
        }
    }
}
