package org.gfncp.backend.dl4j;

import java.util.Arrays;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Shapes;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.spi.backend.HostArrays;
import org.gfncp.spi.backend.KernelChecks;
import org.gfncp.spi.backend.TensorOps;
import org.gfncp.spi.backend.TensorTracker;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.reduce.bool.IsNaN;
import org.nd4j.linalg.api.ops.impl.scalar.Pow;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.comparison.CompareAndReplace;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * The forward kernels on ND4J. Every result is a fresh C-ordered array (or a reshape sharing one), written by
 * libnd4j custom ops into preallocated outputs so that dtypes never drift. Engine gaps handled here:
 * <ul>
 *   <li>{@code select} neither broadcasts nor runs fast: {@code where} is two compare-and-replace passes over
 *       materialized operands;</li>
 *   <li>{@code maximum}, {@code reduce_max} and {@code argmax} can drop NaN: a cheap NaN probe (one sum for
 *       finite inputs) triggers a fix-up;</li>
 *   <li>{@code reduce_logsumexp} shifts by the global maximum and {@code log_softmax} turns rows holding +inf
 *       into NaN, so both are composed from a per-row shift;</li>
 *   <li>size-0 tensors are answered in Java (libnd4j rejects most empty inputs);</li>
 *   <li>INT32 arithmetic the engine lacks (or would trap on, such as division by zero) runs in float64 and is
 *       truncated back, exactly as the reference backend defines it.</li>
 * </ul>
 * Temporaries are closed before a kernel returns.
 */
final class Dl4jOps implements TensorOps {

    private final TensorTracker tracker;
    private final Set<Dl4jTensor> live;
    private final NativeMemoryGuard memory;

    Dl4jOps(TensorTracker tracker, Set<Dl4jTensor> live, NativeMemoryGuard memory) {
        this.tracker = tracker;
        this.live = live;
        this.memory = memory;
    }

    // ---- tensors and arrays -----------------------------------------------------------------------------------

    private static Dl4jTensor arg(Tensor t, String kernel) {
        return KernelChecks.operand(t, Dl4jTensor.class, "the dl4j backend", kernel);
    }

    /** Wraps an array this kernel allocated; the tensor becomes its only owner (outside any ND4J workspace). */
    private Dl4jTensor wrap(INDArray array, int[] shape, DType dtype) {
        INDArray a = array.isAttached() ? array.detach() : array;
        return tensor(a, new Dl4jTensor.Storage(a), shape, dtype);
    }

    /** Wraps a view of an existing tensor's buffer; the buffer stays alive until both are released. */
    private Dl4jTensor share(Dl4jTensor.Storage storage, INDArray view, int[] shape, DType dtype) {
        return tensor(view, storage.retain(), shape, dtype);
    }

    /** Every tensor a kernel returns is made here, so the memory guard sees each one. */
    private Dl4jTensor tensor(INDArray array, Dl4jTensor.Storage storage, int[] shape, DType dtype) {
        memory.onResult();
        return new Dl4jTensor(array, storage, shape, dtype, tracker, live);
    }

    /** Wraps a reshape of a fresh array; the view takes over the allocation. */
    private Dl4jTensor wrapAs(INDArray fresh, int[] shape, DType dtype) {
        // An array allocated while the caller had an ND4J workspace open belongs to it: copy it out first.
        INDArray owner = fresh.isAttached() ? fresh.detach() : fresh;
        if (Arrays.equals(owner.shape(), longs(shape))) {
            return wrap(owner, shape, dtype);
        }
        INDArray view = owner.reshape('c', longs(shape));
        if (view == owner) {
            return wrap(owner, shape, dtype);
        }
        return tensor(view, new Dl4jTensor.Storage(owner), shape, dtype);
    }

    /**
     * {@code a} as a C-ordered {@code [rows, cols]} matrix for a kernel's operand: {@code a} itself when it already
     * has that shape, since ND4J's {@code reshape} makes a new view (about 6 us) even then.
     */
    private static INDArray asMatrix(INDArray a, long rows, long cols) {
        long[] s = a.shape();
        if (s.length == 2 && s[0] == rows && s[1] == cols) {
            return a;
        }
        return a.reshape('c', rows, cols);
    }

    private Dl4jTensor empty(int[] shape, DType dtype) {
        return wrap(Nd4j.create(nd(dtype), longs(shape), 'c'), shape, dtype);
    }

    private static DataType nd(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> DataType.FLOAT;
            case FLOAT64 -> DataType.DOUBLE;
            case INT32 -> DataType.INT32;
        };
    }

    private static long[] longs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    private static INDArray alloc(DataType dtype, int[] shape) {
        return Nd4j.createUninitialized(dtype, longs(shape), 'c');
    }

    private static INDArray zeros(DataType dtype, int[] shape) {
        return Nd4j.create(dtype, longs(shape), 'c');
    }

    private static INDArray filled(DataType dtype, int[] shape, double value) {
        INDArray a = zeros(dtype, shape);
        if (value != 0 && a.length() > 0) {
            a.assign(value);
        }
        return a;
    }

    /** Closes temporaries this kernel allocated (views share a buffer and are left to their owner). */
    private static void free(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    private static void exec(String op, INDArray out, int[] iArgs, double[] tArgs, INDArray... in) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op).addInputs(in).addOutputs(out);
        if (iArgs != null && iArgs.length > 0) {
            b.addIntegerArguments(iArgs);
        }
        if (tArgs != null && tArgs.length > 0) {
            Double[] t = new Double[tArgs.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = tArgs[i];
            }
            b.addFloatingPointArguments(t);
        }
        Nd4j.exec(b.build());
    }

    private static void exec(Op op) {
        Nd4j.getExecutioner().exec(op);
    }

    /**
     * Whether any element is NaN. A plain sum answers "no" in one fast op for the usual all-finite array; only a
     * non-finite sum pays for the exact test (a NaN mask counted as INT32, since libnd4j's max over a BOOL array and
     * its own "any NaN" reduction are unreliable or slow).
     */
    static boolean hasNaN(INDArray a) {
        if (a.length() == 0 || !a.dataType().isFPType()) {
            return false;
        }
        INDArray sum = Nd4j.createUninitialized(a.dataType(), new long[0], 'c');
        try {
            exec("reduce_sum", sum, null, null, a);
            double total = sum.getDouble(0);
            if (!Double.isNaN(total) && !Double.isInfinite(total)) {
                return false;
            }
        } finally {
            free(sum);
        }
        INDArray mask = isNaN(a);
        INDArray counts = mask.castTo(DataType.INT32);
        INDArray count = Nd4j.createUninitialized(DataType.INT32, new long[0], 'c');
        try {
            exec("reduce_sum", count, null, null, counts);
            return count.getInt(0) > 0;
        } finally {
            free(mask, counts, count);
        }
    }

    /** Element-wise NaN mask as BOOL. */
    private static INDArray isNaN(INDArray a) {
        INDArray mask = Nd4j.createUninitialized(DataType.BOOL, a.shape(), 'c');
        // The element-wise transform, not the reduction imported as IsNaN.
        exec(new org.nd4j.linalg.api.ops.impl.transforms.bool.IsNaN(a, mask));
        return mask;
    }

    /** BOOL mask over the reduced shape: true where any element along {@code axes} is NaN. */
    private static INDArray anyNaN(INDArray a, int[] axes, int[] reducedShape) {
        INDArray mask = zeros(DataType.BOOL, reducedShape);
        exec(new IsNaN(a, mask, false, axes));
        return mask;
    }

    /** {@code cond ? x : y} for arrays that already share one shape. */
    private static INDArray select(INDArray cond, INDArray x, INDArray y) {
        INDArray out = Nd4j.createUninitialized(y.dataType(), y.shape(), 'c');
        exec("select", out, null, null, cond, x, y);
        return out;
    }

    /** {@code a} materialized at {@code shape}; returns {@code a} itself when it already has that shape. */
    private static INDArray expand(INDArray a, int[] from, int[] shape) {
        if (Arrays.equals(from, shape)) {
            return a;
        }
        int repeats = leadingRepeats(from, shape);
        if (repeats > 0 && a.dataType().isFPType()) {
            // Copies along new leading axes as the outer product of a column of ones with the row: exact (1 * x,
            // nothing added) and at BLAS speed, where libnd4j's broadcast_to took 1.1 ms for [9000, 128].
            int cols = (int) (size(shape) / repeats);
            INDArray ones = filled(a.dataType(), new int[] {repeats, 1}, 1.0);
            INDArray out = alloc(a.dataType(), shape);
            try {
                exec("matmul", asMatrix(out, repeats, cols), new int[] {0, 0}, null, ones, asMatrix(a, 1, cols));
            } finally {
                free(ones);
            }
            return out;
        }
        INDArray target = Nd4j.create(shape, new long[] {shape.length}, DataType.INT32);
        INDArray out = alloc(a.dataType(), shape);
        try {
            exec("broadcast_to", out, null, null, a, target);
        } finally {
            free(target);
        }
        return out;
    }

    /**
     * How many copies broadcasting {@code from} to {@code shape} makes when it only adds leading axes (its own
     * dimensions, without leading ones, end {@code shape}); 0 when it also stretches an inner axis.
     */
    private static int leadingRepeats(int[] from, int[] shape) {
        int skip = 0;
        while (skip < from.length && from[skip] == 1) {
            skip++;
        }
        int kept = from.length - skip;
        if (kept > shape.length) {
            return 0;
        }
        for (int i = 0; i < kept; i++) {
            if (from[skip + i] != shape[shape.length - kept + i]) {
                return 0;
            }
        }
        int repeats = 1;
        for (int i = 0; i < shape.length - kept; i++) {
            repeats *= shape[i];
        }
        return repeats;
    }

    private static int size(int[] shape) {
        return (int) Shapes.size(shape);
    }

    private static INDArray toDouble(INDArray a) {
        return a.castTo(DataType.DOUBLE);
    }

    /**
     * Float64 to INT32 with Java's {@code (int)} semantics: toward zero, saturating, NaN to 0. The engine's cast
     * gives INT_MIN for NaN and for anything out of range.
     */
    private static INDArray toInt32(INDArray doubles) {
        INDArray clipped = Nd4j.createUninitialized(DataType.DOUBLE, doubles.shape(), 'c');
        INDArray zeros = Nd4j.create(DataType.DOUBLE, doubles.shape(), 'c');
        INDArray clean = Nd4j.createUninitialized(DataType.DOUBLE, doubles.shape(), 'c');
        try {
            exec("clipbyvalue", clipped, null, new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, doubles);
            exec(new CompareAndReplace(clipped, zeros, clean, Conditions.isNan()));
            return clean.castTo(DataType.INT32);
        } finally {
            free(clipped, zeros, clean);
        }
    }

    /** Runs {@code f} on a float64 copy and truncates back: INT32 semantics shared with the reference backend. */
    private Dl4jTensor viaDouble(Dl4jTensor a, DType resultType, UnaryOperator<INDArray> f) {
        INDArray d = toDouble(a.array());
        INDArray r = null;
        try {
            r = f.apply(d);
            return wrap(resultType == DType.INT32 ? toInt32(r) : r.castTo(nd(resultType)), a.dims(), resultType);
        } finally {
            free(d, r);
        }
    }

    // ---- host transfer -------------------------------------------------------------------------------------

    @Override
    public Tensor fromFloats(float[] data, int... shape) {
        int[] s = KernelChecks.shape(shape, "fromFloats");
        KernelChecks.fills(data.length, s, "fromFloats");
        if (data.length == 0) {
            return empty(s, DType.FLOAT32);
        }
        return wrap(Nd4j.create(data, longs(s), DataType.FLOAT), s, DType.FLOAT32);
    }

    @Override
    public Tensor fromDoubles(double[] data, int... shape) {
        int[] s = KernelChecks.shape(shape, "fromDoubles");
        KernelChecks.fills(data.length, s, "fromDoubles");
        if (data.length == 0) {
            return empty(s, DType.FLOAT64);
        }
        return wrap(Nd4j.create(data, longs(s), DataType.DOUBLE), s, DType.FLOAT64);
    }

    @Override
    public Tensor fromInts(int[] data, int... shape) {
        int[] s = KernelChecks.shape(shape, "fromInts");
        KernelChecks.fills(data.length, s, "fromInts");
        if (data.length == 0) {
            return empty(s, DType.INT32);
        }
        return wrap(Nd4j.create(data, longs(s), DataType.INT32), s, DType.INT32);
    }

    @Override
    public Tensor full(DType dtype, double value, int... shape) {
        KernelChecks.dtype(dtype, "full");
        int[] s = KernelChecks.shape(shape, "full");
        if (dtype == DType.INT32) {
            // Java's truncation (NaN -> 0, saturation) rather than the engine's cast.
            value = (int) value;
        }
        return wrap(filled(nd(dtype), s, value), s, dtype);
    }

    @Override
    public double[] toDoubles(Tensor t) {
        Dl4jTensor a = arg(t, "toDoubles");
        if (a.size() == 0) {
            return new double[0];
        }
        return a.array().data().asDouble();
    }

    @Override
    public float[] toFloats(Tensor t) {
        Dl4jTensor a = arg(t, "toFloats");
        if (a.size() == 0) {
            return new float[0];
        }
        return a.array().data().asFloat();
    }

    @Override
    public int[] toInts(Tensor t) {
        Dl4jTensor a = arg(t, "toInts");
        if (a.size() == 0) {
            return new int[0];
        }
        if (a.dtype() == DType.INT32) {
            return a.array().data().asInt();
        }
        return HostArrays.ints(a.array().data().asDouble());
    }

    @Override
    public Tensor cast(Tensor t, DType dtype) {
        Dl4jTensor a = arg(t, "cast");
        KernelChecks.dtype(dtype, "cast");
        if (a.size() == 0) {
            return empty(a.dims(), dtype);
        }
        if (a.dtype() == dtype) {
            return wrap(a.array().dup('c'), a.dims(), dtype);
        }
        if (dtype == DType.INT32) {
            INDArray d = a.dtype() == DType.FLOAT64 ? a.array() : toDouble(a.array());
            try {
                return wrap(toInt32(d), a.dims(), dtype);
            } finally {
                if (d != a.array()) {
                    free(d);
                }
            }
        }
        return wrap(a.array().castTo(nd(dtype)), a.dims(), dtype);
    }

    // ---- element-wise, broadcasting -------------------------------------------------------------------------

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return binary("add", a, b, "add");
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return binary("subtract", a, b, "sub");
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return binary("multiply", a, b, "mul");
    }

    @Override
    public Tensor div(Tensor at, Tensor bt) {
        Dl4jTensor a = arg(at, "div");
        Dl4jTensor b = arg(bt, "div");
        KernelChecks.sameDType(a, b, "div");
        if (a.dtype() != DType.INT32) {
            return binary("divide", a, b, "div");
        }
        // Integer division by zero would trap in native code; float64 division then truncation matches the reference.
        int[] shape = KernelChecks.broadcast(a.dims(), b.dims(), "div");
        if (size(shape) == 0) {
            return empty(shape, DType.INT32);
        }
        INDArray x = toDouble(a.array());
        INDArray y = toDouble(b.array());
        INDArray q = alloc(DataType.DOUBLE, shape);
        try {
            exec("divide", q, null, null, x, y);
            return wrap(toInt32(q), shape, DType.INT32);
        } finally {
            free(x, y, q);
        }
    }

    @Override
    public Tensor maximum(Tensor at, Tensor bt) {
        Dl4jTensor a = arg(at, "maximum");
        Dl4jTensor b = arg(bt, "maximum");
        int[] shape = KernelChecks.elementwise(a, b, "maximum");
        if (size(shape) == 0) {
            return empty(shape, a.dtype());
        }
        INDArray out = alloc(nd(a.dtype()), shape);
        exec("maximum", out, null, null, a.array(), b.array());
        // libnd4j's maximum is "x > y ? x : y": a NaN in x loses. Patch those positions from x.
        if (hasNaN(a.array())) {
            INDArray x = expand(a.array(), a.dims(), shape);
            INDArray mask = isNaN(x);
            try {
                INDArray fixed = select(mask, x, out);
                free(out);
                out = fixed;
            } finally {
                free(mask);
                if (x != a.array()) {
                    free(x);
                }
            }
        }
        return wrap(out, shape, a.dtype());
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return compare("greater", a, b, "greater");
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return compare("equals", a, b, "equal");
    }

    private Dl4jTensor binary(String op, Tensor at, Tensor bt, String kernel) {
        Dl4jTensor a = arg(at, kernel);
        Dl4jTensor b = arg(bt, kernel);
        int[] shape = KernelChecks.elementwise(a, b, kernel);
        if (size(shape) == 0) {
            return empty(shape, a.dtype());
        }
        INDArray out = alloc(nd(a.dtype()), shape);
        exec(op, out, null, null, a.array(), b.array());
        return wrap(out, shape, a.dtype());
    }

    private Dl4jTensor compare(String op, Tensor at, Tensor bt, String kernel) {
        Dl4jTensor a = arg(at, kernel);
        Dl4jTensor b = arg(bt, kernel);
        int[] shape = KernelChecks.elementwise(a, b, kernel);
        if (size(shape) == 0) {
            return empty(shape, a.dtype());
        }
        INDArray mask = alloc(DataType.BOOL, shape);
        try {
            exec(op, mask, null, null, a.array(), b.array());
            return wrap(mask.castTo(nd(a.dtype())), shape, a.dtype());
        } finally {
            free(mask);
        }
    }

    @Override
    public Tensor where(Tensor condT, Tensor at, Tensor bt) {
        Dl4jTensor c = arg(condT, "where");
        Dl4jTensor a = arg(at, "where");
        Dl4jTensor b = arg(bt, "where");
        int[] shape = KernelChecks.where(c, a, b);
        if (size(shape) == 0) {
            return empty(shape, a.dtype());
        }
        DataType dt = nd(a.dtype());
        INDArray pick = null;
        INDArray skip = null;
        INDArray x = null;
        INDArray y = null;
        INDArray fromA = null;
        INDArray fromB = null;
        try {
            // libnd4j's select costs ~100 ns an element; two compare-and-replace passes are over ten times faster
            // and exact: fromA = pick != 0 ? a : pick (an exact zero there), fromB = skip != 0 ? b : 0.
            // Arithmetic blending (c*a + (1-c)*b) is not an option: 0 * inf is NaN.
            INDArray cond = c.array();
            INDArray key;
            if (c.dtype() == a.dtype()) {
                key = cond;
            } else {
                INDArray nonZero = compareWithZero("not_equals", cond);
                try {
                    key = nonZero.castTo(dt);
                } finally {
                    free(nonZero);
                }
            }
            pick = expand(key, c.dims(), shape);
            if (pick != key && key != cond) {
                free(key);
            }
            INDArray isZero = compareWithZero("equals", pick);
            try {
                skip = isZero.castTo(dt);
            } finally {
                free(isZero);
            }
            x = expand(a.array(), a.dims(), shape);
            y = expand(b.array(), b.dims(), shape);
            fromA = alloc(dt, shape);
            fromB = alloc(dt, shape);
            exec(new CompareAndReplace(pick, x, fromA, Conditions.notEquals(0)));
            exec(new CompareAndReplace(skip, y, fromB, Conditions.notEquals(0)));
            INDArray out = alloc(dt, shape);
            exec("add", out, null, null, fromA, fromB);
            return wrap(out, shape, a.dtype());
        } finally {
            if (pick != c.array()) {
                free(pick);
            }
            if (x != a.array()) {
                free(x);
            }
            if (y != b.array()) {
                free(y);
            }
            free(skip, fromA, fromB);
        }
    }

    /** BOOL {@code a op 0} for the comparison custom ops ("equals", "not_equals"); NaN != 0 holds. */
    private static INDArray compareWithZero(String op, INDArray a) {
        INDArray zero = Nd4j.createUninitialized(a.dataType(), new long[0], 'c').assign(0);
        INDArray mask = Nd4j.createUninitialized(DataType.BOOL, a.shape(), 'c');
        try {
            exec(op, mask, null, null, a, zero);
        } finally {
            free(zero);
        }
        return mask;
    }

    // ---- with a scalar --------------------------------------------------------------------------------------

    @Override
    public Tensor addScalar(Tensor at, double s) {
        Dl4jTensor a = arg(at, "addScalar");
        return scalar(a, x -> {
            INDArray out = alloc(x.dataType(), a.dims());
            exec(new ScalarAdd(x, null, out, s));
            return out;
        });
    }

    @Override
    public Tensor mulScalar(Tensor at, double s) {
        Dl4jTensor a = arg(at, "mulScalar");
        return scalar(a, x -> {
            INDArray out = alloc(x.dataType(), a.dims());
            exec(new ScalarMultiplication(x, null, out, s));
            return out;
        });
    }

    @Override
    public Tensor powScalar(Tensor at, double p) {
        Dl4jTensor a = arg(at, "powScalar");
        return scalar(a, x -> {
            INDArray out = alloc(x.dataType(), a.dims());
            exec(new Pow(x, out, p));
            return out;
        });
    }

    private Dl4jTensor scalar(Dl4jTensor a, UnaryOperator<INDArray> f) {
        if (a.size() == 0) {
            return empty(a.dims(), a.dtype());
        }
        if (a.dtype() == DType.INT32) {
            return viaDouble(a, DType.INT32, f);
        }
        return wrap(f.apply(a.array()), a.dims(), a.dtype());
    }

    // ---- unary ----------------------------------------------------------------------------------------------

    @Override
    public Tensor neg(Tensor a) {
        return unary(a, "neg", (x, z) -> new Negative(x, z));
    }

    @Override
    public Tensor exp(Tensor a) {
        return unary(a, "exp", (x, z) -> new Exp(x, z));
    }

    @Override
    public Tensor log(Tensor a) {
        return unary(a, "log", (x, z) -> new Log(x, z));
    }

    @Override
    public Tensor log1p(Tensor a) {
        return unary(a, "log1p", (x, z) -> new Log1p(x, z));
    }

    @Override
    public Tensor sqrt(Tensor a) {
        return unary(a, "sqrt", (x, z) -> new Sqrt(x, z));
    }

    @Override
    public Tensor tanh(Tensor a) {
        return unary(a, "tanh", (x, z) -> new Tanh(x, z));
    }

    @Override
    public Tensor sigmoid(Tensor a) {
        return unary(a, "sigmoid", (x, z) -> new Sigmoid(x, z));
    }

    @Override
    public Tensor relu(Tensor a) {
        return unary(a, "relu", (x, z) -> new RectifiedLinear(x, z, 0.0));
    }

    /**
     * A step function of {@code y} times {@code g}: two plain passes, where libnd4j's {@code relu_bp} took twice as
     * long (1.3 ms per [9000, 128] call) and the default mask-and-{@code where} composition ten times (13 ms).
     */
    @Override
    public Tensor reluBackward(Tensor yt, Tensor gt) {
        Dl4jTensor y = arg(yt, "reluBackward");
        Dl4jTensor g = arg(gt, "reluBackward");
        int[] shape = KernelChecks.reluBackward(y, g);
        if (size(shape) == 0) {
            return empty(shape, y.dtype());
        }
        INDArray out = alloc(nd(y.dtype()), shape);
        exec(new Step(y.array(), out, 0.0));
        exec("multiply", out, null, null, out, g.array());
        return wrap(out, shape, y.dtype());
    }

    @Override
    public Tensor abs(Tensor a) {
        return unary(a, "abs", (x, z) -> new Abs(x, z));
    }

    private Dl4jTensor unary(Tensor at, String kernel, BiFunction<INDArray, INDArray, Op> op) {
        Dl4jTensor a = arg(at, kernel);
        return scalar(a, x -> {
            INDArray out = alloc(x.dataType(), a.dims());
            exec(op.apply(x, out));
            return out;
        });
    }

    // ---- reductions -----------------------------------------------------------------------------------------

    @Override
    public Tensor sum(Tensor a, int[] axes, boolean keepDims) {
        Dl4jTensor t = arg(a, "sum");
        int[] shape = t.dims();
        boolean[] reduced = KernelChecks.reducedAxes(shape, axes, "sum");
        int lead = 0;
        while (lead < shape.length && reduced[lead]) {
            lead++;
        }
        boolean leadingOnly = lead > 0 && lead < shape.length;
        for (int i = lead; i < shape.length && leadingOnly; i++) {
            leadingOnly = !reduced[i];
        }
        if (!leadingOnly || t.dtype() == DType.INT32 || t.size() == 0) {
            return reduce(a, axes, keepDims, false, "sum");
        }
        return sumOfRows(t, lead, Shapes.reduce(shape, axes, keepDims));
    }

    /**
     * A sum over the leading {@code lead} axes (a bias's gradient) as one row of ones times the rows: libnd4j's
     * reduce_sum over axis 0 of a [9000, 128] float array took 1.4 ms, about 14% of a GFNCP training iteration's
     * kernel time, where the product runs at BLAS speed.
     */
    private Dl4jTensor sumOfRows(Dl4jTensor t, int lead, int[] outShape) {
        int[] shape = t.dims();
        int rows = 1;
        for (int i = 0; i < lead; i++) {
            rows *= shape[i];
        }
        int cols = (int) (t.size() / rows);
        DataType dt = nd(t.dtype());
        INDArray ones = filled(dt, new int[] {1, rows}, 1.0);
        INDArray out = alloc(dt, new int[] {1, cols});
        try {
            exec("matmul", out, new int[] {0, 0}, null, ones, asMatrix(t.array(), rows, cols));
        } finally {
            free(ones);
        }
        return wrapAs(out, outShape, t.dtype());
    }

    @Override
    public Tensor max(Tensor a, int[] axes, boolean keepDims) {
        return reduce(a, axes, keepDims, true, "max");
    }

    private Dl4jTensor reduce(Tensor at, int[] axes, boolean keepDims, boolean max, String kernel) {
        Dl4jTensor t = arg(at, kernel);
        int[] shape = t.dims();
        boolean[] reduced = KernelChecks.reducedAxes(shape, axes, kernel);
        int[] outShape = Shapes.reduce(shape, axes, keepDims);
        if (axes.length == 0) {
            return (Dl4jTensor) cast(t, t.dtype());
        }
        if (t.size() == 0) {
            return wrap(filled(nd(t.dtype()), outShape, max ? identityMax(t.dtype()) : 0), outShape, t.dtype());
        }
        int[] dims = normalized(reduced);
        int[] flatShape = Shapes.reduce(shape, axes, false);
        INDArray out = alloc(nd(t.dtype()), flatShape);
        exec(max ? "reduce_max" : "reduce_sum", out, dims, null, t.array());
        if (max && hasNaN(t.array())) {
            // reduce_max skips NaN; the contract wants NaN wherever a reduced element is NaN.
            INDArray mask = anyNaN(t.array(), dims, flatShape);
            INDArray nan = filled(out.dataType(), flatShape, Double.NaN);
            try {
                INDArray fixed = select(mask, nan, out);
                free(out);
                out = fixed;
            } finally {
                free(mask, nan);
            }
        }
        return wrapAs(out, outShape, t.dtype());
    }

    private static double identityMax(DType dtype) {
        return dtype == DType.INT32 ? Integer.MIN_VALUE : Double.NEGATIVE_INFINITY;
    }

    private static int[] normalized(boolean[] reduced) {
        int n = 0;
        for (boolean r : reduced) {
            if (r) {
                n++;
            }
        }
        int[] dims = new int[n];
        for (int i = 0, j = 0; i < reduced.length; i++) {
            if (reduced[i]) {
                dims[j++] = i;
            }
        }
        return dims;
    }

    @Override
    public Tensor logSumExp(Tensor at, int axis, boolean keepDims) {
        Dl4jTensor t = arg(at, "logSumExp");
        int ax = KernelChecks.softmaxAxis(t, axis, "logSumExp");
        int[] flatShape = Shapes.reduce(t.dims(), new int[] {ax}, false);
        int[] outShape = Shapes.reduce(t.dims(), new int[] {ax}, keepDims);
        if (t.size() == 0) {
            return wrap(filled(nd(t.dtype()), outShape, Double.NEGATIVE_INFINITY), outShape, t.dtype());
        }
        int[] keptShape = Shapes.reduce(t.dims(), new int[] {ax}, true);
        Lse lse = Lse.of(t.array(), ax, flatShape, keptShape);
        try {
            INDArray out = alloc(nd(t.dtype()), flatShape);
            exec("add", out, null, null, lse.logSum(), lse.shift());
            return wrapAs(out, outShape, t.dtype());
        } finally {
            lse.release();
        }
    }

    /**
     * The pieces of a stable log-sum-exp of a non-empty array along one axis: {@code shift} (the per-row maximum
     * clamped to the finite range, reduced shape), {@code shifted = x - shift} and {@code logSum =
     * log(sum(exp(shifted)))} (reduced shape). Composed because libnd4j's reduce_logsumexp shifts by the maximum of
     * the whole array, not per row, and so underflows rows far below it. The clamp keeps {@code x - shift} free of
     * {@code inf - inf}: rows of -inf give -inf, rows holding +inf give +inf and NaN stays NaN, as the contract says.
     */
    private record Lse(INDArray shift, INDArray shifted, INDArray logSum) {

        static Lse of(INDArray x, int ax, int[] flatShape, int[] keptShape) {
            int[] dims = {ax};
            DataType dt = x.dataType();
            double big = dt == DataType.DOUBLE ? Double.MAX_VALUE : Float.MAX_VALUE;
            INDArray max = alloc(dt, flatShape);
            INDArray shift = alloc(dt, flatShape);
            INDArray shifted = Nd4j.createUninitialized(dt, x.shape(), 'c');
            INDArray exps = Nd4j.createUninitialized(dt, x.shape(), 'c');
            INDArray logSum = alloc(dt, flatShape);
            try {
                exec("reduce_max", max, dims, null, x);
                exec("clipbyvalue", shift, null, new double[] {-big, big}, max);
                exec("subtract", shifted, null, null, x, shift.reshape('c', longs(keptShape)));
                exec(new Exp(shifted, exps));
                exec("reduce_sum", logSum, dims, null, exps);
                exec(new Log(logSum, logSum));
                return new Lse(shift, shifted, logSum);
            } catch (RuntimeException e) {
                Dl4jOps.free(shift, shifted, logSum);
                throw e;
            } finally {
                Dl4jOps.free(max, exps);
            }
        }

        void release() {
            Dl4jOps.free(shift, shifted, logSum);
        }
    }

    @Override
    public Tensor logSoftmax(Tensor at, int axis) {
        Dl4jTensor t = arg(at, "logSoftmax");
        int ax = KernelChecks.softmaxAxis(t, axis, "logSoftmax");
        int[] shape = t.dims();
        if (t.size() == 0) {
            return empty(shape, t.dtype());
        }
        // (x - m) - log(sum(exp(x - m))): as cheap as libnd4j's log_softmax, which would still need a NaN probe
        // because it turns rows holding +inf into NaN throughout.
        int[] keptShape = Shapes.reduce(shape, new int[] {ax}, true);
        Lse lse = Lse.of(t.array(), ax, Shapes.reduce(shape, new int[] {ax}, false), keptShape);
        try {
            INDArray out = alloc(nd(t.dtype()), shape);
            exec("subtract", out, null, null, lse.shifted(), lse.logSum().reshape('c', longs(keptShape)));
            return wrap(out, shape, t.dtype());
        } finally {
            lse.release();
        }
    }

    @Override
    public Tensor argmax(Tensor at, int axis) {
        Dl4jTensor t = arg(at, "argmax");
        int[] shape = t.dims();
        int ax = KernelChecks.argmaxAxis(shape, axis);
        int[] outShape = Shapes.reduce(shape, new int[] {ax}, false);
        if (size(outShape) == 0) {
            return empty(outShape, DType.INT32);
        }
        INDArray x = t.array();
        INDArray out = alloc(DataType.INT32, outShape);
        exec("argmax", out, new int[] {ax}, null, x);
        if (hasNaN(x)) {
            // NaN counts as the maximum, first one wins (NumPy's rule): argmax of the NaN mask finds it.
            INDArray mask = isNaN(x);
            INDArray maskF = mask.castTo(DataType.FLOAT);
            INDArray firstNaN = alloc(DataType.INT32, outShape);
            INDArray rowHasNaN = anyNaN(x, new int[] {ax}, outShape);
            try {
                exec("argmax", firstNaN, new int[] {ax}, null, maskF);
                INDArray fixed = select(rowHasNaN, firstNaN, out);
                free(out);
                out = fixed;
            } finally {
                free(mask, maskF, firstNaN, rowHasNaN);
            }
        }
        return wrap(out, outShape, DType.INT32);
    }

    /**
     * Computed on the host: libnd4j 1.0.0-M2.1's {@code cumsum} keeps about 192 bytes per scanned sub-array on every
     * call (0.8 MiB for a [32, 99, 128] input along axis 1), which grew a GFNCP training process by 3 to 5 MiB per
     * iteration. This backend's arrays live in host memory, so the scan costs a copy each way and one pass.
     */
    @Override
    public Tensor cumsum(Tensor at, int axis, boolean reverse) {
        Dl4jTensor t = arg(at, "cumsum");
        int ax = KernelChecks.axis(axis, t.dims(), "cumsum");
        if (t.size() == 0) {
            return empty(t.dims(), t.dtype());
        }
        UnaryOperator<INDArray> f = x -> Nd4j.create(HostArrays.cumsum(x.data().asDouble(), t.dims(), ax, reverse),
                longs(t.dims()), x.dataType());
        if (t.dtype() == DType.INT32) {
            return viaDouble(t, DType.INT32, f);
        }
        return wrap(f.apply(t.array()), t.dims(), t.dtype());
    }

    // ---- linear algebra -------------------------------------------------------------------------------------

    @Override
    public Tensor matmul(Tensor at, Tensor bt, boolean transA, boolean transB) {
        Dl4jTensor a = arg(at, "matmul");
        Dl4jTensor b = arg(bt, "matmul");
        int[] outShape = KernelChecks.matmul(a, b, transA, transB);
        int[] sa = a.dims();
        int[] sb = b.dims();
        int ra = sa.length;
        int rb = sb.length;
        int m = outShape[ra - 2];
        int k = transA ? sa[ra - 2] : sa[ra - 1];
        int n = outShape[ra - 1];
        boolean sharedB = rb == 2 && ra > 2;
        DataType dt = nd(a.dtype());
        if (size(outShape) == 0) {
            return empty(outShape, a.dtype());
        }
        if (k == 0) {
            return wrap(zeros(dt, outShape), outShape, a.dtype());
        }
        int[] flags = {transA ? 1 : 0, transB ? 1 : 0};
        if (!sharedB) {
            INDArray out = alloc(dt, outShape);
            exec("matmul", out, flags, null, a.array(), b.array());
            return wrap(out, outShape, a.dtype());
        }
        // A rank-2 b shared by every batch entry: fold the batch into the rows of one 2-D product.
        int rows = size(outShape) / n;
        INDArray lhs = a.array();
        INDArray transposed = null;
        if (transA) {
            int[] perm = new int[ra];
            for (int i = 0; i < ra; i++) {
                perm[i] = i;
            }
            perm[ra - 2] = ra - 1;
            perm[ra - 1] = ra - 2;
            transposed = lhs.permute(perm).dup('c');
            lhs = transposed;
        }
        INDArray out = alloc(dt, new int[] {rows, n});
        try {
            exec("matmul", out, new int[] {0, flags[1]}, null, asMatrix(lhs, rows, k), b.array());
        } finally {
            free(transposed);
        }
        return wrapAs(out, outShape, a.dtype());
    }

    /**
     * libnd4j's {@code xw_plus_b} with the weight transposed in place: one native call where the composition of
     * {@code matmul} and {@code add} made two. Decoding calls this some ten thousand times for one set of 1,000
     * points, on a few rows each, where the per-call cost is most of the time.
     */
    @Override
    public Tensor linear(Tensor xt, Tensor wt, Tensor biasT) {
        if (biasT == null || xt.dtype() == DType.INT32) {
            return TensorOps.super.linear(xt, wt, biasT);
        }
        int[] outShape = KernelChecks.linear(xt, wt, biasT);
        if (size(outShape) == 0 || xt.shape()[xt.rank() - 1] == 0) {
            return TensorOps.super.linear(xt, wt, biasT); // empty: the composition's shapes, checked once more
        }
        Dl4jTensor x = arg(xt, "linear");
        Dl4jTensor w = arg(wt, "linear");
        Dl4jTensor b = arg(biasT, "linear");
        int n = outShape[outShape.length - 1];
        int rows = size(outShape) / n;
        INDArray out = alloc(nd(x.dtype()), new int[] {rows, n});
        exec("xw_plus_b", out, new int[] {1}, null, asMatrix(x.array(), rows, w.dims()[1]), w.array(), b.array());
        return wrapAs(out, outShape, x.dtype());
    }

    @Override
    public Tensor im2col(Tensor xt, int kh, int kw, int stride, int pad) {
        Dl4jTensor t = arg(xt, "im2col");
        int[] s = t.dims();
        int[] outShape = KernelChecks.im2col(s, kh, kw, stride, pad);
        int outH = KernelChecks.convOut(s[2], kh, stride, pad, "im2col");
        int outW = KernelChecks.convOut(s[3], kw, stride, pad, "im2col");
        if (size(outShape) == 0) {
            return empty(outShape, t.dtype());
        }
        UnaryOperator<INDArray> patches = x -> {
            // libnd4j lays patches out as [N, C, kh, kw, outH, outW], C-ordered: a free reshape away from ours.
            // (Convolution.im2col allocates its output in the default dtype, so the op is called directly.)
            INDArray cols = alloc(x.dataType(), new int[] {s[0], s[1], kh, kw, outH, outW});
            exec("im2col", cols, new int[] {kh, kw, stride, stride, pad, pad, 1, 1, 0}, new double[] {0}, x);
            return cols;
        };
        if (t.dtype() == DType.INT32) {
            INDArray d = toDouble(t.array());
            INDArray cols = null;
            try {
                cols = patches.apply(d);
                return wrapAs(toInt32(cols), outShape, DType.INT32);
            } finally {
                free(d, cols);
            }
        }
        return wrapAs(patches.apply(t.array()), outShape, t.dtype());
    }

    @Override
    public Tensor col2im(Tensor colsT, int channels, int height, int width, int kh, int kw, int stride, int pad) {
        Dl4jTensor t = arg(colsT, "col2im");
        int[] s = t.dims();
        int[] outShape = KernelChecks.col2im(s, channels, height, width, kh, kw, stride, pad);
        int outH = KernelChecks.convOut(height, kh, stride, pad, "col2im");
        int outW = KernelChecks.convOut(width, kw, stride, pad, "col2im");
        if (size(outShape) == 0) {
            return empty(outShape, t.dtype());
        }
        if (t.size() == 0) {
            return wrap(zeros(nd(t.dtype()), outShape), outShape, t.dtype());
        }
        UnaryOperator<INDArray> fold = c -> {
            INDArray img = zeros(c.dataType(), outShape);
            INDArray six = c.reshape('c', s[0], channels, kh, kw, outH, outW);
            exec("col2im", img, new int[] {stride, stride, pad, pad, height, width, 1, 1, 0}, null, six);
            return img;
        };
        if (t.dtype() == DType.INT32) {
            INDArray d = toDouble(t.array());
            INDArray img = null;
            try {
                img = fold.apply(d);
                return wrap(toInt32(img), outShape, DType.INT32);
            } finally {
                free(d, img);
            }
        }
        return wrap(fold.apply(t.array()), outShape, t.dtype());
    }

    // ---- shape ----------------------------------------------------------------------------------------------

    @Override
    public Tensor reshape(Tensor at, int... shape) {
        Dl4jTensor t = arg(at, "reshape");
        int[] out = KernelChecks.reshape(t.dims(), shape);
        if (t.size() == 0) {
            return empty(out, t.dtype());
        }
        // Arrays here are always dense and C-ordered, so a reshape is a view on the same buffer.
        INDArray view = t.array().reshape('c', longs(out));
        if (view != t.array() && view.closeable() && !view.isView()) {
            return wrap(view, out, t.dtype());
        }
        return share(t.storage(), view, out, t.dtype());
    }

    @Override
    public Tensor permute(Tensor at, int... axes) {
        Dl4jTensor t = arg(at, "permute");
        int[] s = t.dims();
        int[] perm = KernelChecks.permutation(s, axes);
        int[] out = new int[s.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = s[perm[i]];
        }
        if (t.size() == 0) {
            return empty(out, t.dtype());
        }
        // A contiguous copy, so that later reshapes see the permuted order.
        return wrap(t.array().permute(perm).dup('c'), out, t.dtype());
    }

    @Override
    public Tensor broadcastTo(Tensor at, int... shape) {
        Dl4jTensor t = arg(at, "broadcastTo");
        int[] s = t.dims();
        int[] target = KernelChecks.broadcastTo(s, shape);
        if (size(target) == 0) {
            return empty(target, t.dtype());
        }
        if (Arrays.equals(s, target)) {
            return wrap(t.array().dup('c'), target, t.dtype());
        }
        return wrap(expand(t.array(), s, target), target, t.dtype());
    }

    @Override
    public Tensor concat(int axis, Tensor... parts) {
        int[] outShape = KernelChecks.concat(axis, parts);
        Dl4jTensor first = arg(parts[0], "concat");
        int ax = Shapes.axis(axis, outShape.length);
        int nonEmpty = 0;
        INDArray[] arrays = new INDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Dl4jTensor t = arg(parts[i], "concat");
            if (t.size() > 0) {
                arrays[nonEmpty++] = t.array();
            }
        }
        if (size(outShape) == 0) {
            return empty(outShape, first.dtype());
        }
        if (nonEmpty == 1) {
            return wrap(arrays[0].dup('c'), outShape, first.dtype());
        }
        return wrap(Nd4j.concat(ax, Arrays.copyOf(arrays, nonEmpty)), outShape, first.dtype());
    }

    @Override
    public Tensor slice(Tensor at, int axis, int from, int to) {
        Dl4jTensor t = arg(at, "slice");
        int[] s = t.dims();
        int ax = KernelChecks.slice(s, axis, from, to);
        int[] outShape = KernelChecks.withDim(s, ax, to - from);
        if (size(outShape) == 0) {
            return empty(outShape, t.dtype());
        }
        if (from == 0 && to == s[ax]) {
            return wrap(t.array().dup('c'), outShape, t.dtype());
        }
        int[] args = new int[2 * s.length];
        for (int i = 0; i < s.length; i++) {
            args[i] = i == ax ? from : 0;
            args[s.length + i] = outShape[i];
        }
        INDArray out = alloc(nd(t.dtype()), outShape);
        exec("slice", out, args, null, t.array());
        return wrap(out, outShape, t.dtype());
    }

    @Override
    public Tensor pad(Tensor at, int axis, int before, int after) {
        Dl4jTensor t = arg(at, "pad");
        int[] s = t.dims();
        int ax = KernelChecks.pad(s, axis, before, after);
        int[] outShape = KernelChecks.withDim(s, ax, s[ax] + before + after);
        DataType dt = nd(t.dtype());
        if (size(outShape) == 0) {
            return empty(outShape, t.dtype());
        }
        if (t.size() == 0) {
            return wrap(zeros(dt, outShape), outShape, t.dtype());
        }
        if (before == 0 && after == 0) {
            return wrap(t.array().dup('c'), outShape, t.dtype());
        }
        int[] paddings = new int[2 * s.length];
        paddings[2 * ax] = before;
        paddings[2 * ax + 1] = after;
        INDArray pads = Nd4j.create(paddings, new long[] {s.length, 2}, DataType.INT32);
        INDArray out = alloc(dt, outShape);
        try {
            exec("pad", out, new int[] {0}, new double[] {0}, t.array(), pads);
        } finally {
            free(pads);
        }
        return wrap(out, outShape, t.dtype());
    }

    // ---- indexing -------------------------------------------------------------------------------------------

    /**
     * The values of a checked rank-1 INT32 index, read on the host so that their range can be checked: libnd4j
     * would fail with an opaque error or read out of bounds.
     */
    private static int[] indexValues(Dl4jTensor index) {
        return index.size() == 0 ? new int[0] : index.array().data().asInt();
    }

    @Override
    public Tensor gather(Tensor at, int axis, Tensor indexT) {
        Dl4jTensor t = arg(at, "gather");
        Dl4jTensor index = arg(indexT, "gather");
        int[] s = t.dims();
        int ax = KernelChecks.gather(s, axis, index);
        KernelChecks.indexRange(indexValues(index), s[ax], "gather", KernelChecks.gatherWhere(axis, s));
        int[] outShape = KernelChecks.withDim(s, ax, (int) index.size());
        if (size(outShape) == 0) {
            return empty(outShape, t.dtype());
        }
        INDArray out = alloc(nd(t.dtype()), outShape);
        exec("gather", out, new int[] {ax}, null, t.array(), index.array());
        return wrap(out, outShape, t.dtype());
    }

    @Override
    public Tensor scatterAdd(Tensor srcT, int axis, Tensor indexT, int size) {
        Dl4jTensor src = arg(srcT, "scatterAdd");
        Dl4jTensor index = arg(indexT, "scatterAdd");
        int[] s = src.dims();
        int ax = KernelChecks.scatterAdd(s, axis, index, size);
        KernelChecks.indexRange(indexValues(index), size, "scatterAdd", "along axis " + axis);
        int[] outShape = KernelChecks.withDim(s, ax, size);
        DataType dt = nd(src.dtype());
        if (size(outShape) == 0) {
            return empty(outShape, src.dtype());
        }
        if (src.size() == 0) {
            return wrap(zeros(dt, outShape), outShape, src.dtype());
        }
        if (ax == 0) {
            INDArray out = zeros(dt, outShape);
            exec("scatter_add", out, null, null, out, index.array(), src.array());
            return wrap(out, outShape, src.dtype());
        }
        // libnd4j scatters along the first axis only: move the axis to the front and back.
        int[] perm = new int[s.length];
        int[] inverse = new int[s.length];
        perm[0] = ax;
        for (int i = 0, j = 1; i < s.length; i++) {
            if (i != ax) {
                perm[j++] = i;
            }
        }
        int[] front = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            inverse[perm[i]] = i;
            front[i] = outShape[perm[i]];
        }
        INDArray moved = src.array().permute(perm).dup('c');
        INDArray acc = zeros(dt, front);
        try {
            exec("scatter_add", acc, null, null, acc, index.array(), moved);
            return wrap(acc.permute(inverse).dup('c'), outShape, src.dtype());
        } finally {
            free(moved, acc);
        }
    }

    @Override
    public Tensor oneHot(Tensor indexT, int depth, DType dtype) {
        Dl4jTensor index = arg(indexT, "oneHot");
        int[] outShape = KernelChecks.oneHot(index, depth, dtype);
        if (size(outShape) == 0) {
            return empty(outShape, dtype);
        }
        INDArray out = alloc(nd(dtype), outShape);
        exec("onehot", out, new int[] {-1, depth}, new double[] {1, 0}, index.array());
        return wrap(out, outShape, dtype);
    }
}
