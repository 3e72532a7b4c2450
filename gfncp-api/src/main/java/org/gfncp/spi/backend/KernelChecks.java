package org.gfncp.spi.backend;

import java.util.Arrays;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Shapes;
import org.gfncp.api.tensor.Tensor;

/**
 * Argument checks and result shapes of the {@link TensorOps} kernels, shared by every backend so that a bad call
 * fails the same way, with the same message naming the shapes and values, whatever engine runs it. Each method
 * throws {@link IllegalArgumentException} prefixed with the kernel's name; engines are only reached with
 * arguments that passed.
 */
public final class KernelChecks {

    /** Largest element count a kernel accepts: Java arrays cannot hold more. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private KernelChecks() {
    }

    /**
     * The operand {@code t} as this backend's tensor class, open; fails when it is null or comes from another
     * backend ({@code owner} names this one in the message, e.g. "the djl backend").
     */
    public static <T extends AbstractTensor> T operand(Tensor t, Class<T> type, String owner, String kernel) {
        if (t == null) {
            throw new IllegalArgumentException(kernel + ": tensor argument is null");
        }
        if (!type.isInstance(t)) {
            throw new IllegalArgumentException(kernel + ": " + t + " does not belong to " + owner);
        }
        T own = type.cast(t);
        own.ensureOpen();
        return own;
    }

    /** A copy of a requested shape after checking it is non-null, non-negative and small enough. */
    public static int[] shape(int[] shape, String kernel) {
        if (shape == null) {
            throw new IllegalArgumentException(kernel + ": shape is null");
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(kernel + ": negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException(kernel + ": shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return shape.clone();
    }

    /** Checks that {@code length} host values exactly fill {@code shape}. */
    public static void fills(int length, int[] shape, String kernel) {
        long size = Shapes.size(shape);
        if (length != size) {
            throw new IllegalArgumentException(kernel + ": " + length + " values do not fill shape "
                    + Arrays.toString(shape) + " (" + size + " elements)");
        }
    }

    /** Checks that a requested dtype is given. */
    public static DType dtype(DType dtype, String kernel) {
        if (dtype == null) {
            throw new IllegalArgumentException(kernel + ": dtype is null");
        }
        return dtype;
    }

    /** Checks that two operands share a dtype (the kernels never promote). */
    public static void sameDType(Tensor a, Tensor b, String kernel) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(kernel + ": dtype mismatch, " + a.dtype() + Arrays.toString(a.shape())
                    + " and " + b.dtype() + Arrays.toString(b.shape()));
        }
    }

    /** The broadcast shape of an element-wise kernel's two operands, which must share a dtype. */
    public static int[] elementwise(Tensor a, Tensor b, String kernel) {
        sameDType(a, b, kernel);
        return broadcast(a.shape(), b.shape(), kernel);
    }

    /** The broadcast shape of {@code where(cond, a, b)}; {@code a} and {@code b} must share a dtype. */
    public static int[] where(Tensor cond, Tensor a, Tensor b) {
        sameDType(a, b, "where");
        return broadcast(broadcast(cond.shape(), a.shape(), "where"), b.shape(), "where");
    }

    /** Checks that {@code dtype} is a floating type. */
    public static void floating(DType dtype, String kernel) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(kernel + ": needs a floating dtype, got " + dtype);
        }
    }

    /** The broadcast shape of two operands. */
    public static int[] broadcast(int[] a, int[] b, String kernel) {
        try {
            return Shapes.broadcast(a, b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(kernel + ": " + e.getMessage(), e);
        }
    }

    /** {@code axis} normalized against {@code shape} (negative counts from the end). */
    public static int axis(int axis, int[] shape, String kernel) {
        try {
            return Shapes.axis(axis, shape.length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(kernel + ": " + e.getMessage() + " (shape " + Arrays.toString(shape)
                    + ")", e);
        }
    }

    /** Which axes of {@code shape} a reduction over {@code axes} removes; rejects null, out-of-range and repeats. */
    public static boolean[] reducedAxes(int[] shape, int[] axes, String kernel) {
        if (axes == null) {
            throw new IllegalArgumentException(kernel + ": axes is null");
        }
        try {
            return Shapes.reducedMask(shape.length, axes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(kernel + " over " + Arrays.toString(axes) + " of shape "
                    + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }

    /** The normalized axis of an argmax; fails when that axis is empty but other positions need an index. */
    public static int argmaxAxis(int[] shape, int axis) {
        int ax = axis(axis, shape, "argmax");
        if (shape[ax] == 0 && Shapes.size(Shapes.reduce(shape, new int[] {ax}, false)) > 0) {
            throw new IllegalArgumentException("argmax: axis " + axis + " of shape " + Arrays.toString(shape)
                    + " is empty");
        }
        return ax;
    }

    /** The normalized axis of logSumExp or logSoftmax, which need a floating operand. */
    public static int softmaxAxis(Tensor x, int axis, String kernel) {
        floating(x.dtype(), kernel);
        return axis(axis, x.shape(), kernel);
    }

    /**
     * The result shape of {@code matmul(a, b, transA, transB)}: one dtype, rank >= 2 operands, matching inner
     * dimensions, and b either rank 2 (shared across a's batch) or with a's batch dimensions.
     */
    public static int[] matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        sameDType(a, b, "matmul");
        int[] sa = a.shape();
        int[] sb = b.shape();
        if (sa.length < 2 || sb.length < 2) {
            throw new IllegalArgumentException("matmul needs rank >= 2 operands, got " + Arrays.toString(sa)
                    + " and " + Arrays.toString(sb));
        }
        int ra = sa.length;
        int rb = sb.length;
        int m = transA ? sa[ra - 1] : sa[ra - 2];
        int k = transA ? sa[ra - 2] : sa[ra - 1];
        int kb = transB ? sb[rb - 1] : sb[rb - 2];
        int n = transB ? sb[rb - 2] : sb[rb - 1];
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ, " + Arrays.toString(sa)
                    + (transA ? "^T" : "") + " x " + Arrays.toString(sb) + (transB ? "^T" : "") + " (" + k
                    + " vs " + kb + ")");
        }
        if (rb != 2 && !Arrays.equals(Arrays.copyOf(sa, ra - 2), Arrays.copyOf(sb, rb - 2))) {
            throw new IllegalArgumentException("matmul: batch dimensions differ, " + Arrays.toString(sa) + " and "
                    + Arrays.toString(sb) + " (b must have a's batch dimensions or be rank 2)");
        }
        int[] out = sa.clone();
        out[ra - 2] = m;
        out[ra - 1] = n;
        return out;
    }

    /** Checks {@code reluBackward(y, g)}: one floating dtype and one shape for both (no broadcasting). */
    public static int[] reluBackward(Tensor y, Tensor g) {
        sameDType(y, g, "reluBackward");
        floating(y.dtype(), "reluBackward");
        if (!Arrays.equals(y.shape(), g.shape())) {
            throw new IllegalArgumentException("reluBackward: output " + Arrays.toString(y.shape())
                    + " and gradient " + Arrays.toString(g.shape()) + " differ in shape");
        }
        return y.shape();
    }

    /** The output shape of {@code linear(x, w, bias)}: x {@code [..., in]}, w {@code [out, in]}, bias {@code [out]}. */
    public static int[] linear(Tensor x, Tensor w, Tensor bias) {
        if (w.rank() != 2 || x.rank() < 2 || x.shape()[x.rank() - 1] != w.shape()[1]) {
            throw new IllegalArgumentException("linear: x " + Arrays.toString(x.shape()) + " must be [..., in] with"
                    + " rank >= 2 and w " + Arrays.toString(w.shape()) + " must be [out, in]");
        }
        int[] out = matmul(x, w, false, true);
        if (bias != null) {
            sameDType(w, bias, "linear");
            if (bias.rank() != 1 || bias.shape()[0] != w.shape()[0]) {
                throw new IllegalArgumentException("linear: bias " + Arrays.toString(bias.shape()) + " must be ["
                        + w.shape()[0] + "]");
            }
        }
        return out;
    }

    /** Output size along one image axis of a convolution window; rejects a bad kernel, stride or padding. */
    public static int convOut(int size, int k, int stride, int pad, String kernel) {
        if (k < 1 || stride < 1 || pad < 0 || size < 0) {
            throw new IllegalArgumentException(kernel + ": need kernel >= 1, stride >= 1, pad >= 0; got kernel " + k
                    + ", stride " + stride + ", pad " + pad + " for size " + size);
        }
        if (size + 2 * pad < k) {
            throw new IllegalArgumentException(kernel + ": kernel " + k + " is larger than padded size "
                    + (size + 2 * pad));
        }
        return (size + 2 * pad - k) / stride + 1;
    }

    /** The result shape {@code [N, C*kh*kw, outH*outW]} of im2col on images {@code [N, C, H, W]}. */
    public static int[] im2col(int[] s, int kh, int kw, int stride, int pad) {
        if (s.length != 4) {
            throw new IllegalArgumentException("im2col needs [N, C, H, W], got " + Arrays.toString(s));
        }
        int outH = convOut(s[2], kh, stride, pad, "im2col");
        int outW = convOut(s[3], kw, stride, pad, "im2col");
        return new int[] {s[0], s[1] * kh * kw, outH * outW};
    }

    /** The result shape {@code [N, channels, height, width]} of col2im on columns {@code s}. */
    public static int[] col2im(int[] s, int channels, int height, int width, int kh, int kw, int stride, int pad) {
        int l = convOut(height, kh, stride, pad, "col2im") * convOut(width, kw, stride, pad, "col2im");
        int rows = channels * kh * kw;
        if (channels < 0 || s.length != 3 || s[1] != rows || s[2] != l) {
            throw new IllegalArgumentException("col2im: columns " + Arrays.toString(s) + " do not match [N, "
                    + rows + ", " + l + "] for channels=" + channels + " image " + height + "x" + width + " kernel "
                    + kh + "x" + kw + " stride " + stride + " pad " + pad);
        }
        return new int[] {s[0], channels, height, width};
    }

    /** The result shape of a reshape, resolving one {@code -1}. */
    public static int[] reshape(int[] from, int[] to) {
        if (to == null) {
            throw new IllegalArgumentException("reshape: shape is null");
        }
        try {
            return Shapes.reshape(from, to);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reshape: " + e.getMessage(), e);
        }
    }

    /** {@code axes} normalized to a permutation of {@code shape}'s axes. */
    public static int[] permutation(int[] shape, int[] axes) {
        if (axes == null || axes.length != shape.length) {
            throw new IllegalArgumentException("permute: axes " + Arrays.toString(axes) + " do not match rank of "
                    + Arrays.toString(shape));
        }
        boolean[] seen = new boolean[shape.length];
        int[] perm = new int[shape.length];
        for (int i = 0; i < axes.length; i++) {
            int ax = axis(axes[i], shape, "permute");
            if (seen[ax]) {
                throw new IllegalArgumentException("permute: axes " + Arrays.toString(axes) + " repeat axis " + ax);
            }
            seen[ax] = true;
            perm[i] = ax;
        }
        return perm;
    }

    /** A copy of {@code target} after checking that {@code shape} broadcasts to it. */
    public static int[] broadcastTo(int[] shape, int[] target) {
        int[] out = shape(target, "broadcastTo");
        boolean ok = shape.length <= out.length;
        for (int i = 0; ok && i < shape.length; i++) {
            int d = shape[i];
            ok = d == out[out.length - shape.length + i] || d == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast " + Arrays.toString(shape) + " to "
                    + Arrays.toString(out));
        }
        return out;
    }

    /**
     * The result shape of {@code concat(axis, parts)}: at least one part, one dtype, and shapes that differ only
     * along the axis.
     */
    public static int[] concat(int axis, Tensor... parts) {
        if (parts == null || parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        for (Tensor p : parts) {
            if (p == null) {
                throw new IllegalArgumentException("concat: tensor argument is null");
            }
        }
        int[] s0 = parts[0].shape();
        int ax = axis(axis, s0, "concat");
        int total = 0;
        for (Tensor p : parts) {
            sameDType(parts[0], p, "concat");
            int[] s = p.shape();
            boolean ok = s.length == s0.length;
            for (int d = 0; ok && d < s.length; d++) {
                ok = d == ax || s[d] == s0[d];
            }
            if (!ok) {
                throw new IllegalArgumentException("concat along axis " + axis + ": shapes " + Arrays.toString(s0)
                        + " and " + Arrays.toString(s) + " differ outside that axis");
            }
            total += s[ax];
        }
        s0[ax] = total;
        return s0;
    }

    /** The normalized axis of {@code slice}, after checking {@code 0 <= from <= to <= shape[axis]}. */
    public static int slice(int[] shape, int axis, int from, int to) {
        int ax = axis(axis, shape, "slice");
        if (from < 0 || to < from || to > shape[ax]) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") out of range for axis " + axis
                    + " of shape " + Arrays.toString(shape));
        }
        return ax;
    }

    /** The normalized axis of {@code pad}, after checking that both paddings are non-negative. */
    public static int pad(int[] shape, int axis, int before, int after) {
        int ax = axis(axis, shape, "pad");
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("pad: negative padding " + before + ", " + after + " for shape "
                    + Arrays.toString(shape));
        }
        return ax;
    }

    /** Checks that an index operand is a rank-1 INT32 tensor. */
    public static void index(Tensor index, String kernel) {
        if (index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(kernel + ": index must be INT32, got " + index.dtype());
        }
        if (index.rank() != 1) {
            throw new IllegalArgumentException(kernel + ": index must be rank 1, got shape "
                    + Arrays.toString(index.shape()));
        }
    }

    /** Checks every index value lies in {@code [0, bound)}; {@code where} says along what, for the message. */
    public static void indexRange(int[] values, int bound, String kernel, String where) {
        for (int v : values) {
            if (v < 0 || v >= bound) {
                throw new IllegalArgumentException(kernel + ": index " + v + " out of range [0, " + bound + ") "
                        + where);
            }
        }
    }

    /** What {@link #indexRange} names for gather along {@code axis} of {@code shape}. */
    public static String gatherWhere(int axis, int[] shape) {
        return "along axis " + axis + " of shape " + Arrays.toString(shape);
    }

    /** The normalized axis of {@code gather(a, axis, index)}; the index values are checked by the caller. */
    public static int gather(int[] shape, int axis, Tensor index) {
        index(index, "gather");
        return axis(axis, shape, "gather");
    }

    /**
     * The normalized axis of {@code scatterAdd(src, axis, index, size)}: a rank-1 INT32 index with one entry per
     * source row along the axis and a non-negative size; the index values are checked by the caller.
     */
    public static int scatterAdd(int[] shape, int axis, Tensor index, int size) {
        index(index, "scatterAdd");
        int ax = axis(axis, shape, "scatterAdd");
        if (size < 0) {
            throw new IllegalArgumentException("scatterAdd: negative size " + size);
        }
        long m = index.size();
        if (shape[ax] != m) {
            throw new IllegalArgumentException("scatterAdd: source " + Arrays.toString(shape) + " has " + shape[ax]
                    + " entries along axis " + axis + " but the index has " + m);
        }
        return ax;
    }

    /** The result shape of {@code oneHot}: an INT32 index, a floating dtype and a non-negative depth. */
    public static int[] oneHot(Tensor index, int depth, DType dtype) {
        if (index.dtype() != DType.INT32) {
            throw new IllegalArgumentException("oneHot: index must be INT32, got " + index.dtype());
        }
        floating(dtype(dtype, "oneHot"), "oneHot");
        if (depth < 0) {
            throw new IllegalArgumentException("oneHot: negative depth " + depth);
        }
        int[] s = index.shape();
        int[] out = Arrays.copyOf(s, s.length + 1);
        out[s.length] = depth;
        return out;
    }

    /** {@code shape} with dimension {@code axis} set to {@code size}. */
    public static int[] withDim(int[] shape, int axis, int size) {
        int[] out = shape.clone();
        out[axis] = size;
        return out;
    }
}
