package org.gfncp.backend.reference;

import java.util.Arrays;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Shapes;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.spi.backend.HostArrays;
import org.gfncp.spi.backend.KernelChecks;
import org.gfncp.spi.backend.TensorOps;
import org.gfncp.spi.backend.TensorTracker;

/**
 * The reference kernels. Arithmetic is done in double; outputs are then rounded to the result dtype (float for
 * FLOAT32, truncation toward zero for INT32), so a FLOAT32 tensor behaves like float32 storage. Loops run over
 * primitive arrays; broadcasting and strided views are resolved once per call into index tables.
 *
 * <p>Where {@link TensorOps} leaves a choice open, this oracle follows Java and NumPy: INT32 conversion is Java's
 * {@code (int)} cast (toward zero, NaN to 0, saturating); {@code argmax} counts NaN as the maximum; {@code relu}
 * keeps NaN; {@code argmax} over an empty axis is rejected because no index exists.
 */
final class ReferenceOps implements TensorOps {

    private enum Binary { ADD, SUB, MUL, DIV, MAXIMUM, GREATER, EQUAL }

    private enum Unary { NEG, EXP, LOG, LOG1P, SQRT, TANH, SIGMOID, RELU, ABS }

    private final TensorTracker tracker;

    ReferenceOps(TensorTracker tracker) {
        this.tracker = tracker;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static ReferenceTensor ref(Tensor t, String kernel) {
        return KernelChecks.operand(t, ReferenceTensor.class, "the reference backend", kernel);
    }

    /** Rounds {@code data} in place to {@code dtype} and wraps it; the array becomes the tensor's storage. */
    private ReferenceTensor result(double[] data, int[] shape, DType dtype) {
        round(data, dtype);
        return new ReferenceTensor(data, shape, dtype, tracker);
    }

    /** Wraps storage that already holds values of {@code dtype}. */
    private ReferenceTensor wrap(double[] data, int[] shape, DType dtype) {
        return new ReferenceTensor(data, shape, dtype, tracker);
    }

    private static void round(double[] data, DType dtype) {
        if (dtype == DType.FLOAT32) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) data[i];
            }
        } else if (dtype == DType.INT32) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (int) data[i];
            }
        }
    }

    private static int size(int[] shape) {
        return (int) Shapes.size(shape);
    }

    /**
     * For each element of {@code outShape} in row-major order, the offset into a tensor of shape {@code inShape}
     * broadcast to it (right-aligned; size-1 dimensions repeat).
     */
    private static int[] broadcastIndex(int[] inShape, int[] outShape) {
        long[] inStrides = Shapes.strides(inShape);
        long[] strides = new long[outShape.length];
        int lead = outShape.length - inShape.length;
        for (int i = 0; i < inShape.length; i++) {
            strides[lead + i] = inShape[i] == 1 ? 0 : inStrides[i];
        }
        return walk(outShape, strides);
    }

    /** Offsets {@code sum(idx[d] * strides[d])} for every index of {@code shape} in row-major order. */
    private static int[] walk(int[] shape, long[] strides) {
        int n = size(shape);
        int[] offsets = new int[n];
        if (n == 0) {
            return offsets;
        }
        int rank = shape.length;
        if (rank == 0) {
            return offsets;
        }
        int[] counter = new int[rank];
        int last = rank - 1;
        int lastDim = shape[last];
        int lastStride = (int) strides[last];
        int base = 0;
        int pos = 0;
        while (pos < n) {
            int off = base;
            for (int j = 0; j < lastDim; j++) {
                offsets[pos++] = off;
                off += lastStride;
            }
            for (int d = last - 1; d >= 0; d--) {
                counter[d]++;
                base += (int) strides[d];
                if (counter[d] < shape[d]) {
                    break;
                }
                base -= (int) (strides[d] * shape[d]);
                counter[d] = 0;
            }
        }
        return offsets;
    }

    /** Product of the dimensions before {@code axis}. */
    private static int outer(int[] shape, int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** Product of the dimensions after {@code axis}. */
    private static int inner(int[] shape, int axis) {
        int n = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    private static int[] withDim(int[] shape, int axis, int size) {
        int[] out = shape.clone();
        out[axis] = size;
        return out;
    }

    // ---- host transfer -------------------------------------------------------------------------------------

    @Override
    public Tensor fromFloats(float[] data, int... shape) {
        int[] s = KernelChecks.shape(shape, "fromFloats");
        KernelChecks.fills(data.length, s, "fromFloats");
        return wrap(HostArrays.doubles(data), s, DType.FLOAT32);
    }

    @Override
    public Tensor fromDoubles(double[] data, int... shape) {
        int[] s = KernelChecks.shape(shape, "fromDoubles");
        KernelChecks.fills(data.length, s, "fromDoubles");
        return wrap(data.clone(), s, DType.FLOAT64);
    }

    @Override
    public Tensor fromInts(int[] data, int... shape) {
        int[] s = KernelChecks.shape(shape, "fromInts");
        KernelChecks.fills(data.length, s, "fromInts");
        return wrap(HostArrays.doubles(data), s, DType.INT32);
    }

    @Override
    public Tensor full(DType dtype, double value, int... shape) {
        int[] s = KernelChecks.shape(shape, "full");
        double[] d = new double[size(s)];
        Arrays.fill(d, value);
        return result(d, s, dtype);
    }

    @Override
    public double[] toDoubles(Tensor t) {
        return ref(t, "toDoubles").data().clone();
    }

    @Override
    public float[] toFloats(Tensor t) {
        return HostArrays.floats(ref(t, "toFloats").data());
    }

    @Override
    public int[] toInts(Tensor t) {
        return HostArrays.ints(ref(t, "toInts").data());
    }

    @Override
    public Tensor cast(Tensor t, DType dtype) {
        ReferenceTensor a = ref(t, "cast");
        KernelChecks.dtype(dtype, "cast");
        return result(a.data().clone(), a.dims(), dtype);
    }

    // ---- element-wise, broadcasting -------------------------------------------------------------------------

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return binary(Binary.ADD, a, b, "add");
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return binary(Binary.SUB, a, b, "sub");
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return binary(Binary.MUL, a, b, "mul");
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
        return binary(Binary.DIV, a, b, "div");
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return binary(Binary.MAXIMUM, a, b, "maximum");
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return binary(Binary.GREATER, a, b, "greater");
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return binary(Binary.EQUAL, a, b, "equal");
    }

    private Tensor binary(Binary op, Tensor at, Tensor bt, String kernel) {
        ReferenceTensor a = ref(at, kernel);
        ReferenceTensor b = ref(bt, kernel);
        int[] shape = KernelChecks.elementwise(a, b, kernel);
        double[] x = a.data();
        double[] y = b.data();
        int n = size(shape);
        int[] ix = Arrays.equals(a.dims(), shape) ? null : broadcastIndex(a.dims(), shape);
        int[] iy = Arrays.equals(b.dims(), shape) ? null : broadcastIndex(b.dims(), shape);
        double[] o = new double[n];
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[i] = x[ix == null ? i : ix[i]] + y[iy == null ? i : iy[i]];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[i] = x[ix == null ? i : ix[i]] - y[iy == null ? i : iy[i]];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[i] = x[ix == null ? i : ix[i]] * y[iy == null ? i : iy[i]];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[i] = x[ix == null ? i : ix[i]] / y[iy == null ? i : iy[i]];
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++) {
                    o[i] = Math.max(x[ix == null ? i : ix[i]], y[iy == null ? i : iy[i]]);
                }
            }
            case GREATER -> {
                for (int i = 0; i < n; i++) {
                    o[i] = x[ix == null ? i : ix[i]] > y[iy == null ? i : iy[i]] ? 1 : 0;
                }
            }
            case EQUAL -> {
                for (int i = 0; i < n; i++) {
                    o[i] = x[ix == null ? i : ix[i]] == y[iy == null ? i : iy[i]] ? 1 : 0;
                }
            }
            default -> throw new IllegalStateException("unhandled " + op);
        }
        return result(o, shape, a.dtype());
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        ReferenceTensor c = ref(cond, "where");
        ReferenceTensor x = ref(a, "where");
        ReferenceTensor y = ref(b, "where");
        int[] shape = KernelChecks.where(c, x, y);
        int[] ic = broadcastIndex(c.dims(), shape);
        int[] ix = broadcastIndex(x.dims(), shape);
        int[] iy = broadcastIndex(y.dims(), shape);
        double[] cd = c.data();
        double[] xd = x.data();
        double[] yd = y.data();
        double[] o = new double[ic.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = cd[ic[i]] != 0 ? xd[ix[i]] : yd[iy[i]];
        }
        return wrap(o, shape, x.dtype());
    }

    // ---- with a scalar --------------------------------------------------------------------------------------

    @Override
    public Tensor addScalar(Tensor a, double s) {
        ReferenceTensor t = ref(a, "addScalar");
        double[] x = t.data();
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = x[i] + s;
        }
        return result(o, t.dims(), t.dtype());
    }

    @Override
    public Tensor mulScalar(Tensor a, double s) {
        ReferenceTensor t = ref(a, "mulScalar");
        double[] x = t.data();
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = x[i] * s;
        }
        return result(o, t.dims(), t.dtype());
    }

    @Override
    public Tensor powScalar(Tensor a, double p) {
        ReferenceTensor t = ref(a, "powScalar");
        double[] x = t.data();
        double[] o = new double[x.length];
        if (p == 2) {
            for (int i = 0; i < o.length; i++) {
                o[i] = x[i] * x[i];
            }
        } else {
            for (int i = 0; i < o.length; i++) {
                o[i] = Math.pow(x[i], p);
            }
        }
        return result(o, t.dims(), t.dtype());
    }

    // ---- unary ----------------------------------------------------------------------------------------------

    @Override
    public Tensor neg(Tensor a) {
        return unary(Unary.NEG, a, "neg");
    }

    @Override
    public Tensor exp(Tensor a) {
        return unary(Unary.EXP, a, "exp");
    }

    @Override
    public Tensor log(Tensor a) {
        return unary(Unary.LOG, a, "log");
    }

    @Override
    public Tensor log1p(Tensor a) {
        return unary(Unary.LOG1P, a, "log1p");
    }

    @Override
    public Tensor sqrt(Tensor a) {
        return unary(Unary.SQRT, a, "sqrt");
    }

    @Override
    public Tensor tanh(Tensor a) {
        return unary(Unary.TANH, a, "tanh");
    }

    @Override
    public Tensor sigmoid(Tensor a) {
        return unary(Unary.SIGMOID, a, "sigmoid");
    }

    @Override
    public Tensor relu(Tensor a) {
        return unary(Unary.RELU, a, "relu");
    }

    @Override
    public Tensor abs(Tensor a) {
        return unary(Unary.ABS, a, "abs");
    }

    private Tensor unary(Unary op, Tensor at, String kernel) {
        ReferenceTensor t = ref(at, kernel);
        double[] x = t.data();
        int n = x.length;
        double[] o = new double[n];
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    o[i] = -x[i];
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    o[i] = Math.exp(x[i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    o[i] = Math.log(x[i]);
                }
            }
            case LOG1P -> {
                for (int i = 0; i < n; i++) {
                    o[i] = Math.log1p(x[i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    o[i] = Math.sqrt(x[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    o[i] = Math.tanh(x[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    // Two branches keep exp from overflowing for large |v|.
                    if (v >= 0) {
                        o[i] = 1 / (1 + Math.exp(-v));
                    } else {
                        double e = Math.exp(v);
                        o[i] = e / (1 + e);
                    }
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    o[i] = v > 0 || v != v ? v : 0.0;
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    o[i] = Math.abs(x[i]);
                }
            }
            default -> throw new IllegalStateException("unhandled " + op);
        }
        return result(o, t.dims(), t.dtype());
    }

    // ---- reductions -----------------------------------------------------------------------------------------

    @Override
    public Tensor sum(Tensor a, int[] axes, boolean keepDims) {
        return reduce(a, axes, keepDims, false, "sum");
    }

    @Override
    public Tensor max(Tensor a, int[] axes, boolean keepDims) {
        return reduce(a, axes, keepDims, true, "max");
    }

    private Tensor reduce(Tensor at, int[] axes, boolean keepDims, boolean max, String kernel) {
        ReferenceTensor t = ref(at, kernel);
        int[] shape = t.dims();
        boolean[] reduced = KernelChecks.reducedAxes(shape, axes, kernel);
        int[] outShape = Shapes.reduce(shape, axes, keepDims);
        double[] x = t.data();
        if (axes.length == 0) {
            return wrap(x.clone(), outShape, t.dtype());
        }
        // Output strides seen from the input: 0 along reduced axes, so every input element finds its slot.
        int[] keptShape = Shapes.reduce(shape, axes, true);
        long[] keptStrides = Shapes.strides(keptShape);
        long[] strides = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            strides[i] = reduced[i] ? 0 : keptStrides[i];
        }
        int[] target = walk(shape, strides);
        double[] o = new double[size(outShape)];
        if (max) {
            Arrays.fill(o, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                int j = target[i];
                if (v > o[j] || v != v) {
                    o[j] = v;
                }
            }
        } else {
            for (int i = 0; i < x.length; i++) {
                o[target[i]] += x[i];
            }
        }
        return result(o, outShape, t.dtype());
    }

    @Override
    public Tensor logSumExp(Tensor a, int axis, boolean keepDims) {
        ReferenceTensor t = ref(a, "logSumExp");
        int ax = KernelChecks.softmaxAxis(t, axis, "logSumExp");
        int[] shape = t.dims();
        int outer = outer(shape, ax);
        int n = shape[ax];
        int inner = inner(shape, ax);
        double[] x = t.data();
        double[] o = new double[outer * inner];
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                double m = Double.NEGATIVE_INFINITY;
                boolean nan = false;
                for (int k = 0; k < n; k++) {
                    double v = x[base + k * inner];
                    if (v != v) {
                        nan = true;
                    } else if (v > m) {
                        m = v;
                    }
                }
                double r;
                if (nan) {
                    r = Double.NaN;
                } else if (Double.isInfinite(m)) {
                    r = m;
                } else {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += Math.exp(x[base + k * inner] - m);
                    }
                    r = m + Math.log(s);
                }
                o[p * inner + q] = r;
            }
        }
        int[] outShape = Shapes.reduce(shape, new int[] {ax}, keepDims);
        return result(o, outShape, t.dtype());
    }

    @Override
    public Tensor logSoftmax(Tensor a, int axis) {
        ReferenceTensor t = ref(a, "logSoftmax");
        int ax = KernelChecks.softmaxAxis(t, axis, "logSoftmax");
        int[] shape = t.dims();
        ReferenceTensor lse = (ReferenceTensor) logSumExp(t, ax, true);
        try {
            // Subtract in double from the unrounded inputs; the lse is already rounded like the engines' would be.
            double[] l = lse.data();
            double[] x = t.data();
            int outer = outer(shape, ax);
            int n = shape[ax];
            int inner = inner(shape, ax);
            double[] o = new double[x.length];
            for (int p = 0; p < outer; p++) {
                for (int k = 0; k < n; k++) {
                    int base = (p * n + k) * inner;
                    int lb = p * inner;
                    for (int q = 0; q < inner; q++) {
                        o[base + q] = x[base + q] - l[lb + q];
                    }
                }
            }
            return result(o, shape, t.dtype());
        } finally {
            lse.close();
        }
    }

    @Override
    public Tensor argmax(Tensor a, int axis) {
        ReferenceTensor t = ref(a, "argmax");
        int[] shape = t.dims();
        int ax = KernelChecks.argmaxAxis(shape, axis);
        int outer = outer(shape, ax);
        int n = shape[ax];
        int inner = inner(shape, ax);
        double[] x = t.data();
        double[] o = new double[outer * inner];
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                double best = x[base];
                int arg = 0;
                // NaN counts as the maximum (as NumPy does); the first one wins.
                for (int k = 1; k < n && best == best; k++) {
                    double v = x[base + k * inner];
                    if (v > best || v != v) {
                        best = v;
                        arg = k;
                    }
                }
                o[p * inner + q] = arg;
            }
        }
        return wrap(o, Shapes.reduce(shape, new int[] {ax}, false), DType.INT32);
    }

    @Override
    public Tensor cumsum(Tensor a, int axis, boolean reverse) {
        ReferenceTensor t = ref(a, "cumsum");
        int[] shape = t.dims();
        int ax = Shapes.axis(axis, shape.length);
        return result(HostArrays.cumsum(t.data(), shape, ax, reverse), shape, t.dtype());
    }

    // ---- linear algebra -------------------------------------------------------------------------------------

    @Override
    public Tensor matmul(Tensor at, Tensor bt, boolean transA, boolean transB) {
        ReferenceTensor a = ref(at, "matmul");
        ReferenceTensor b = ref(bt, "matmul");
        int[] outShape = KernelChecks.matmul(a, b, transA, transB);
        int[] sa = a.dims();
        int ra = sa.length;
        int m = outShape[ra - 2];
        int k = transA ? sa[ra - 2] : sa[ra - 1];
        int n = outShape[ra - 1];
        boolean sharedB = b.rank() == 2;
        int batch = outer(sa, ra - 2);
        double[] x = a.data();
        double[] y = b.data();
        double[] o = new double[batch * m * n];
        double[] bk = transB ? new double[k * n] : null;
        double[] rowA = new double[k];
        for (int bi = 0; bi < batch; bi++) {
            int offA = bi * m * k;
            int offB = sharedB ? 0 : bi * k * n;
            double[] bmat = y;
            int bOff = offB;
            if (transB && (bi == 0 || !sharedB)) {
                // Transpose once per batch entry so the inner loop streams contiguous rows (i-k-j order).
                for (int j = 0; j < n; j++) {
                    for (int p = 0; p < k; p++) {
                        bk[p * n + j] = y[offB + j * k + p];
                    }
                }
            }
            if (transB) {
                bmat = bk;
                bOff = 0;
            }
            int offO = bi * m * n;
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    rowA[p] = transA ? x[offA + p * m + i] : x[offA + i * k + p];
                }
                int row = offO + i * n;
                for (int p = 0; p < k; p++) {
                    double aip = rowA[p];
                    int bRow = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        o[row + j] += aip * bmat[bRow + j];
                    }
                }
            }
        }
        return result(o, outShape, a.dtype());
    }

    @Override
    public Tensor im2col(Tensor xt, int kh, int kw, int stride, int pad) {
        ReferenceTensor t = ref(xt, "im2col");
        int[] s = t.dims();
        int[] outShape = KernelChecks.im2col(s, kh, kw, stride, pad);
        int nImg = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        int outH = (h + 2 * pad - kh) / stride + 1;
        int outW = (w + 2 * pad - kw) / stride + 1;
        int l = outShape[2];
        int rows = outShape[1];
        double[] x = t.data();
        double[] o = new double[nImg * rows * l];
        for (int ni = 0; ni < nImg; ni++) {
            for (int ci = 0; ci < c; ci++) {
                int img = (ni * c + ci) * h * w;
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int row = (ni * rows + (ci * kh + i) * kw + j) * l;
                        for (int oy = 0; oy < outH; oy++) {
                            int y = oy * stride - pad + i;
                            if (y < 0 || y >= h) {
                                continue;
                            }
                            for (int ox = 0; ox < outW; ox++) {
                                int xx = ox * stride - pad + j;
                                if (xx >= 0 && xx < w) {
                                    o[row + oy * outW + ox] = x[img + y * w + xx];
                                }
                            }
                        }
                    }
                }
            }
        }
        return wrap(o, outShape, t.dtype());
    }

    @Override
    public Tensor col2im(Tensor colsT, int channels, int height, int width, int kh, int kw, int stride, int pad) {
        ReferenceTensor t = ref(colsT, "col2im");
        int[] s = t.dims();
        int[] outShape = KernelChecks.col2im(s, channels, height, width, kh, kw, stride, pad);
        int outH = (height + 2 * pad - kh) / stride + 1;
        int outW = (width + 2 * pad - kw) / stride + 1;
        int l = outH * outW;
        int rows = channels * kh * kw;
        int nImg = s[0];
        double[] x = t.data();
        double[] o = new double[nImg * channels * height * width];
        for (int ni = 0; ni < nImg; ni++) {
            for (int ci = 0; ci < channels; ci++) {
                int img = (ni * channels + ci) * height * width;
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int row = (ni * rows + (ci * kh + i) * kw + j) * l;
                        for (int oy = 0; oy < outH; oy++) {
                            int y = oy * stride - pad + i;
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            for (int ox = 0; ox < outW; ox++) {
                                int xx = ox * stride - pad + j;
                                if (xx >= 0 && xx < width) {
                                    o[img + y * width + xx] += x[row + oy * outW + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
        return result(o, outShape, t.dtype());
    }

    // ---- shape ----------------------------------------------------------------------------------------------

    @Override
    public Tensor reshape(Tensor a, int... shape) {
        ReferenceTensor t = ref(a, "reshape");
        int[] out = KernelChecks.reshape(t.dims(), shape);
        // Storage is immutable, so the new tensor can share it.
        return wrap(t.data(), out, t.dtype());
    }

    @Override
    public Tensor permute(Tensor a, int... axes) {
        ReferenceTensor t = ref(a, "permute");
        int[] s = t.dims();
        int[] perm = KernelChecks.permutation(s, axes);
        int[] out = new int[s.length];
        long[] inStrides = Shapes.strides(s);
        long[] strides = new long[s.length];
        for (int i = 0; i < perm.length; i++) {
            int ax = perm[i];
            out[i] = s[ax];
            strides[i] = inStrides[ax];
        }
        int[] idx = walk(out, strides);
        double[] x = t.data();
        double[] o = new double[idx.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = x[idx[i]];
        }
        return wrap(o, out, t.dtype());
    }

    @Override
    public Tensor broadcastTo(Tensor a, int... shape) {
        ReferenceTensor t = ref(a, "broadcastTo");
        int[] s = t.dims();
        int[] target = KernelChecks.broadcastTo(s, shape);
        int[] idx = broadcastIndex(s, target);
        double[] x = t.data();
        double[] o = new double[idx.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = x[idx[i]];
        }
        return wrap(o, target, t.dtype());
    }

    @Override
    public Tensor concat(int axis, Tensor... parts) {
        int[] outShape = KernelChecks.concat(axis, parts);
        ReferenceTensor first = ref(parts[0], "concat");
        int[] s0 = first.dims();
        int ax = Shapes.axis(axis, s0.length);
        int total = outShape[ax];
        ReferenceTensor[] ts = new ReferenceTensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ts[i] = ref(parts[i], "concat");
        }
        int outer = outer(s0, ax);
        int inner = inner(s0, ax);
        double[] o = new double[size(outShape)];
        int rowLen = total * inner;
        int offset = 0;
        for (ReferenceTensor t : ts) {
            double[] x = t.data();
            int chunk = t.dims()[ax] * inner;
            for (int p = 0; p < outer; p++) {
                System.arraycopy(x, p * chunk, o, p * rowLen + offset, chunk);
            }
            offset += chunk;
        }
        return wrap(o, outShape, first.dtype());
    }

    @Override
    public Tensor slice(Tensor a, int axis, int from, int to) {
        ReferenceTensor t = ref(a, "slice");
        int[] s = t.dims();
        int ax = KernelChecks.slice(s, axis, from, to);
        int outer = outer(s, ax);
        int inner = inner(s, ax);
        int len = (to - from) * inner;
        int[] outShape = withDim(s, ax, to - from);
        double[] x = t.data();
        double[] o = new double[outer * len];
        for (int p = 0; p < outer; p++) {
            System.arraycopy(x, (p * s[ax] + from) * inner, o, p * len, len);
        }
        return wrap(o, outShape, t.dtype());
    }

    @Override
    public Tensor pad(Tensor a, int axis, int before, int after) {
        ReferenceTensor t = ref(a, "pad");
        int[] s = t.dims();
        int ax = KernelChecks.pad(s, axis, before, after);
        int outer = outer(s, ax);
        int inner = inner(s, ax);
        int n = s[ax] + before + after;
        int[] outShape = withDim(s, ax, n);
        double[] x = t.data();
        double[] o = new double[outer * n * inner];
        int len = s[ax] * inner;
        for (int p = 0; p < outer; p++) {
            System.arraycopy(x, p * len, o, (p * n + before) * inner, len);
        }
        return wrap(o, outShape, t.dtype());
    }

    // ---- indexing -------------------------------------------------------------------------------------------

    @Override
    public Tensor gather(Tensor a, int axis, Tensor index) {
        ReferenceTensor t = ref(a, "gather");
        ReferenceTensor it = ref(index, "gather");
        int[] s = t.dims();
        int ax = KernelChecks.gather(s, axis, it);
        int n = s[ax];
        double[] idx = it.data();
        KernelChecks.indexRange(HostArrays.ints(idx), n, "gather", KernelChecks.gatherWhere(axis, s));
        int outer = outer(s, ax);
        int inner = inner(s, ax);
        int m = idx.length;
        double[] x = t.data();
        double[] o = new double[outer * m * inner];
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(x, (p * n + (int) idx[i]) * inner, o, (p * m + i) * inner, inner);
            }
        }
        return wrap(o, withDim(s, ax, m), t.dtype());
    }

    @Override
    public Tensor scatterAdd(Tensor src, int axis, Tensor index, int size) {
        ReferenceTensor t = ref(src, "scatterAdd");
        ReferenceTensor it = ref(index, "scatterAdd");
        int[] s = t.dims();
        int ax = KernelChecks.scatterAdd(s, axis, it, size);
        double[] idx = it.data();
        KernelChecks.indexRange(HostArrays.ints(idx), size, "scatterAdd", "along axis " + axis);
        int outer = outer(s, ax);
        int inner = inner(s, ax);
        int m = idx.length;
        double[] x = t.data();
        double[] o = new double[outer * size * inner];
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < m; i++) {
                int from = (p * m + i) * inner;
                int to = (p * size + (int) idx[i]) * inner;
                for (int q = 0; q < inner; q++) {
                    o[to + q] += x[from + q];
                }
            }
        }
        return result(o, withDim(s, ax, size), t.dtype());
    }

    @Override
    public Tensor oneHot(Tensor index, int depth, DType dtype) {
        ReferenceTensor it = ref(index, "oneHot");
        int[] outShape = KernelChecks.oneHot(it, depth, dtype);
        double[] idx = it.data();
        double[] o = new double[idx.length * depth];
        for (int i = 0; i < idx.length; i++) {
            int k = (int) idx[i];
            if (k >= 0 && k < depth) {
                o[i * depth + k] = 1;
            }
        }
        return wrap(o, outShape, dtype);
    }
}
