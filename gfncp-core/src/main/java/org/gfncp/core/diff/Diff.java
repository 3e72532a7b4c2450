package org.gfncp.core.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Shapes;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.TensorOps;

/**
 * The differentiable-op facade. Each method runs forward kernels of the backend and, when an input requires a
 * gradient, records a vector-Jacobian product built only from forward kernels; {@link #backward(Var)} replays
 * them in reverse topological order.
 *
 * <p>Memory: every tensor created here (values, saved intermediates, gradients) joins the innermost open
 * {@link org.gfncp.api.tensor.TensorScope}. Run a training step inside one scope; parameter values are created
 * outside it and survive. Intermediate gradients are released as soon as their consumers have run.
 *
 * <p>Conventions: axes may be negative; masks are 0/1 tensors of the data's dtype, 1 meaning "valid". At ties,
 * {@link #max}, {@link #min} and {@link #maxPool2d} split the gradient evenly among all maxima (PyTorch's
 * pooling sends it to one of them; the two agree away from ties), and {@link #maximum} sends half to each side.
 * An instance holds no mutable state and may be shared; a graph belongs to the thread that built it, because
 * its tensors belong to that thread's scopes.
 */
public final class Diff {

    private final Backend backend;
    private final TensorOps ops;

    public Diff(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.ops = backend.ops();
    }

    public TensorOps ops() {
        return ops;
    }

    public Backend backend() {
        return backend;
    }

    // ---- leaves ---------------------------------------------------------------------------------------------

    /** Wraps a tensor the tape treats as constant (no gradient flows into it). */
    public Var constant(Tensor t) {
        return Node.constant(Objects.requireNonNull(t, "tensor"));
    }

    /** A rank-0 constant. */
    public Var scalar(double value, DType dtype) {
        return Node.constant(ops.full(dtype, value));
    }

    /** The same value, cut off from the tape. */
    public Var stopGradient(Var x) {
        return Node.constant(x.value());
    }

    // ---- element-wise binary (broadcasting) -----------------------------------------------------------------

    public Var add(Var a, Var b) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        return Node.of(ops.add(a.value(), b.value()),
                (g, n) -> new Tensor[] {n[0] ? unbroadcast(g, sa) : null, n[1] ? unbroadcast(g, sb) : null}, a, b);
    }

    public Var sub(Var a, Var b) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        return Node.of(ops.sub(a.value(), b.value()),
                (g, n) -> new Tensor[] {n[0] ? unbroadcast(g, sa) : null, n[1] ? reduceTo(ops.neg(g), sb, g) : null},
                a, b);
    }

    public Var mul(Var a, Var b) {
        Tensor av = a.value();
        Tensor bv = b.value();
        int[] sa = av.shape();
        int[] sb = bv.shape();
        return Node.of(ops.mul(av, bv), (g, n) -> new Tensor[] {
            n[0] ? reduceTo(ops.mul(g, bv), sa, g) : null,
            n[1] ? reduceTo(ops.mul(g, av), sb, g) : null}, a, b);
    }

    public Var div(Var a, Var b) {
        Tensor av = a.value();
        Tensor bv = b.value();
        int[] sa = av.shape();
        int[] sb = bv.shape();
        Tensor y = ops.div(av, bv);
        return Node.of(y, (g, n) -> {
            Tensor ga = n[0] ? reduceTo(ops.div(g, bv), sa, g) : null;
            Tensor gb = null;
            if (n[1]) {
                // d(a/b)/db = -(a/b)/b
                Tensor gy = ops.mul(g, y);
                Tensor q = ops.div(gy, bv);
                gy.close();
                gb = reduceTo(ops.neg(q), sb, null);
                q.close();
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    /** Element-wise maximum; at equal operands each side receives half of the gradient. */
    public Var maximum(Var a, Var b) {
        Tensor av = a.value();
        Tensor bv = b.value();
        int[] sa = av.shape();
        int[] sb = bv.shape();
        return Node.of(ops.maximum(av, bv), (g, n) -> {
            Tensor eq = ops.equal(av, bv);
            Tensor eqHalf = ops.mulScalar(eq, 0.5);
            eq.close();
            Tensor ga = n[0] ? reduceTo(maskedShare(g, ops.greater(av, bv), eqHalf), sa, g) : null;
            Tensor gb = n[1] ? reduceTo(maskedShare(g, ops.greater(bv, av), eqHalf), sb, g) : null;
            eqHalf.close();
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    private Tensor maskedShare(Tensor g, Tensor wins, Tensor eqHalf) {
        Tensor w = ops.add(wins, eqHalf);
        wins.close();
        Tensor r = ops.mul(g, w);
        w.close();
        return r;
    }

    /** {@code mask != 0 ? a : b}; the unselected side receives an exact zero gradient (also where g is NaN). */
    public Var where(Tensor mask, Var a, Var b) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        return Node.of(ops.where(mask, a.value(), b.value()), (g, n) -> {
            Tensor zero = ops.full(g.dtype(), 0.0);
            Tensor ga = n[0] ? reduceTo(ops.where(mask, g, zero), sa, g) : null;
            Tensor gb = n[1] ? reduceTo(ops.where(mask, zero, g), sb, g) : null;
            zero.close();
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    // ---- with a scalar ---------------------------------------------------------------------------------------

    public Var addScalar(Var x, double s) {
        return Node.of(ops.addScalar(x.value(), s), (g, n) -> new Tensor[] {g}, x);
    }

    public Var mulScalar(Var x, double s) {
        return Node.of(ops.mulScalar(x.value(), s), (g, n) -> new Tensor[] {ops.mulScalar(g, s)}, x);
    }

    /** {@code x^p}; the gradient is {@code p x^(p-1)}. */
    public Var powScalar(Var x, double p) {
        Tensor xv = x.value();
        return Node.of(ops.powScalar(xv, p), (g, n) -> {
            Tensor d = ops.powScalar(xv, p - 1);
            Tensor ds = ops.mulScalar(d, p);
            d.close();
            Tensor r = ops.mul(g, ds);
            ds.close();
            return new Tensor[] {r};
        }, x);
    }

    // ---- unary ----------------------------------------------------------------------------------------------

    public Var neg(Var x) {
        return Node.of(ops.neg(x.value()), (g, n) -> new Tensor[] {ops.neg(g)}, x);
    }

    public Var exp(Var x) {
        Tensor y = ops.exp(x.value());
        return Node.of(y, (g, n) -> new Tensor[] {ops.mul(g, y)}, x);
    }

    public Var log(Var x) {
        Tensor xv = x.value();
        return Node.of(ops.log(xv), (g, n) -> new Tensor[] {ops.div(g, xv)}, x);
    }

    public Var log1p(Var x) {
        Tensor xv = x.value();
        return Node.of(ops.log1p(xv), (g, n) -> {
            Tensor d = ops.addScalar(xv, 1.0);
            Tensor r = ops.div(g, d);
            d.close();
            return new Tensor[] {r};
        }, x);
    }

    public Var sqrt(Var x) {
        Tensor y = ops.sqrt(x.value());
        return Node.of(y, (g, n) -> {
            Tensor h = ops.mulScalar(g, 0.5);
            Tensor r = ops.div(h, y);
            h.close();
            return new Tensor[] {r};
        }, x);
    }

    public Var tanh(Var x) {
        Tensor y = ops.tanh(x.value());
        return Node.of(y, (g, n) -> {
            Tensor y2 = ops.mul(y, y);
            Tensor ny2 = ops.neg(y2);
            Tensor d = ops.addScalar(ny2, 1.0);
            Tensor r = ops.mul(g, d);
            close(y2, ny2, d);
            return new Tensor[] {r};
        }, x);
    }

    public Var sigmoid(Var x) {
        Tensor y = ops.sigmoid(x.value());
        return Node.of(y, (g, n) -> new Tensor[] {mulSigmoidSlope(g, y)}, x);
    }

    private Tensor mulSigmoidSlope(Tensor g, Tensor s) {
        Tensor ns = ops.neg(s);
        Tensor oneMinus = ops.addScalar(ns, 1.0);
        Tensor d = ops.mul(s, oneMinus);
        Tensor r = ops.mul(g, d);
        close(ns, oneMinus, d);
        return r;
    }

    /**
     * The backward pass masks by the output ({@code relu(x) > 0} exactly when {@code x > 0}), so it does not need
     * the input's value, which a tape that frees values early could then release.
     */
    public Var relu(Var x) {
        Tensor y = ops.relu(x.value());
        return Node.of(y, (g, n) -> new Tensor[] {ops.reluBackward(y, g)}, x);
    }

    /** {@code |x|}; the gradient at 0 is 0. */
    public Var abs(Var x) {
        Tensor xv = x.value();
        return Node.of(ops.abs(xv), (g, n) -> {
            Tensor zero = ops.full(xv.dtype(), 0.0);
            Tensor pos = ops.greater(xv, zero);
            Tensor negative = ops.greater(zero, xv);
            Tensor sign = ops.sub(pos, negative);
            Tensor r = ops.mul(g, sign);
            close(zero, pos, negative, sign);
            return new Tensor[] {r};
        }, x);
    }

    /** {@code log(1 + e^x)} computed as {@code relu(x) + log1p(exp(-|x|))}, finite for every finite x. */
    public Var softplus(Var x) {
        Tensor xv = x.value();
        Tensor y = softplusValue(xv);
        return Node.of(y, (g, n) -> {
            Tensor s = ops.sigmoid(xv);
            Tensor r = ops.mul(g, s);
            s.close();
            return new Tensor[] {r};
        }, x);
    }

    private Tensor softplusValue(Tensor xv) {
        Tensor a = ops.abs(xv);
        Tensor na = ops.neg(a);
        Tensor e = ops.exp(na);
        Tensor l = ops.log1p(e);
        Tensor r = ops.relu(xv);
        Tensor y = ops.add(r, l);
        close(a, na, e, l, r);
        return y;
    }

    /** {@code log(sigmoid(x)) = -softplus(-x)}, stable. */
    public Var logSigmoid(Var x) {
        return neg(softplus(neg(x)));
    }

    /** {@code x > 0 ? x : alpha * x} with a learned {@code alpha} that broadcasts against x (PyTorch PReLU). */
    public Var prelu(Var x, Var alpha) {
        Tensor xv = x.value();
        Tensor av = alpha.value();
        int[] sa = av.shape();
        int[] sx = xv.shape();
        Tensor pos = ops.relu(xv);
        Tensor negPart = ops.sub(xv, pos);
        Tensor scaled = ops.mul(av, negPart);
        Tensor y = ops.add(pos, scaled);
        close(pos, scaled);
        if (!x.requiresGrad() && !alpha.requiresGrad()) {
            negPart.close();
            return Node.constant(y);
        }
        return Node.of(y, (g, n) -> {
            Tensor gx = null;
            if (n[0]) {
                Tensor zero = ops.full(xv.dtype(), 0.0);
                Tensor mask = ops.greater(xv, zero);
                Tensor ga = ops.mul(g, av);
                gx = reduceTo(ops.where(mask, g, ga), sx, g);
                close(zero, mask, ga);
            }
            Tensor galpha = n[1] ? reduceTo(ops.mul(g, negPart), sa, g) : null;
            return new Tensor[] {gx, galpha};
        }, x, alpha);
    }

    /** ELU with alpha 1. */
    public Var elu(Var x) {
        return elu(x, 1.0);
    }

    /** {@code x > 0 ? x : alpha (e^x - 1)}; the exponential only sees {@code min(x, 0)}, so it cannot overflow. */
    public Var elu(Var x, double alpha) {
        Tensor xv = x.value();
        Tensor pos = ops.relu(xv);
        Tensor negPart = ops.sub(xv, pos);
        Tensor e = ops.exp(negPart);
        Tensor em1 = ops.addScalar(e, -1.0);
        Tensor scaledNeg = ops.mulScalar(em1, alpha);
        Tensor y = ops.add(pos, scaledNeg);
        close(pos, negPart, em1, scaledNeg);
        if (!x.requiresGrad()) {
            e.close();
            return Node.constant(y);
        }
        return Node.of(y, (g, n) -> {
            Tensor zero = ops.full(xv.dtype(), 0.0);
            Tensor mask = ops.greater(xv, zero);
            Tensor slope = ops.mulScalar(e, alpha);
            Tensor gs = ops.mul(g, slope);
            Tensor r = ops.where(mask, g, gs);
            close(zero, mask, slope, gs);
            return new Tensor[] {r};
        }, x);
    }

    // ---- reductions -----------------------------------------------------------------------------------------

    /** Sum over {@code axes}, dropping them; no axes means every axis (a scalar result). */
    public Var sum(Var x, int... axes) {
        return sum(x, axes, false);
    }

    /** Sum over {@code axes}; no axes means every axis. */
    public Var sum(Var x, int[] axes, boolean keepDims) {
        int[] sx = x.shape();
        int[] ax = axesOrAll(axes, sx.length);
        int[] keepShape = Shapes.reduce(sx, ax, true);
        return Node.of(ops.sum(x.value(), ax, keepDims), (g, n) -> new Tensor[] {expand(g, keepShape, sx)}, x);
    }

    /** Mean over {@code axes}, dropping them; no axes means every axis. */
    public Var mean(Var x, int... axes) {
        return mean(x, axes, false);
    }

    public Var mean(Var x, int[] axes, boolean keepDims) {
        int[] sx = x.shape();
        int[] ax = axesOrAll(axes, sx.length);
        long count = 1;
        for (int a : ax) {
            count *= sx[Shapes.axis(a, sx.length)];
        }
        return mulScalar(sum(x, ax, keepDims), 1.0 / Math.max(1, count));
    }

    /** Maximum over {@code axes} (no axes: all); ties share the gradient evenly. */
    public Var max(Var x, int... axes) {
        return max(x, axes, false);
    }

    public Var max(Var x, int[] axes, boolean keepDims) {
        Tensor xv = x.value();
        int[] sx = xv.shape();
        int[] ax = axesOrAll(axes, sx.length);
        int[] keepShape = Shapes.reduce(sx, ax, true);
        if (!x.requiresGrad()) {
            return Node.constant(ops.max(xv, ax, keepDims));
        }
        Tensor mk = ops.max(xv, ax, true);
        Tensor y = keepDims ? mk : ops.reshape(mk, Shapes.reduce(sx, ax, false));
        return Node.of(y, (g, n) -> {
            Tensor hit = ops.equal(xv, mk);
            Tensor count = ops.sum(hit, ax, true);
            Tensor share = ops.div(hit, count);
            Tensor gk = keepDims ? g : ops.reshape(g, keepShape);
            Tensor r = ops.mul(share, gk);
            close(hit, count, share);
            if (gk != g) {
                gk.close();
            }
            return new Tensor[] {r};
        }, x);
    }

    /** Minimum over {@code axes} (no axes: all); ties share the gradient evenly. */
    public Var min(Var x, int... axes) {
        return min(x, axes, false);
    }

    public Var min(Var x, int[] axes, boolean keepDims) {
        return neg(max(neg(x), axes, keepDims));
    }

    /** Stable {@code log(sum(exp(x)))} over {@code axis}; a row that is all -inf gives -inf and a zero gradient. */
    public Var logSumExp(Var x, int axis, boolean keepDims) {
        Tensor xv = x.value();
        int[] sx = xv.shape();
        int[] ax = {axis};
        int[] keepShape = Shapes.reduce(sx, ax, true);
        if (!x.requiresGrad()) {
            return Node.constant(ops.logSumExp(xv, axis, keepDims));
        }
        Tensor lk = ops.logSumExp(xv, axis, true);
        Tensor y = keepDims ? lk : ops.reshape(lk, Shapes.reduce(sx, ax, false));
        return Node.of(y, (g, n) -> {
            Tensor p = softmaxFromLse(xv, lk);
            Tensor gk = keepDims ? g : ops.reshape(g, keepShape);
            Tensor r = ops.mul(p, gk);
            p.close();
            if (gk != g) {
                gk.close();
            }
            return new Tensor[] {r};
        }, x);
    }

    /** {@code exp(x - lse)} with an all -inf row mapped to zeros instead of NaN. */
    private Tensor softmaxFromLse(Tensor xv, Tensor lse) {
        Tensor negInf = ops.full(lse.dtype(), Double.NEGATIVE_INFINITY);
        Tensor zero = ops.full(lse.dtype(), 0.0);
        Tensor finite = ops.greater(lse, negInf);
        Tensor safe = ops.where(finite, lse, zero);
        Tensor centered = ops.sub(xv, safe);
        Tensor p = ops.exp(centered);
        close(negInf, zero, finite, safe, centered);
        return p;
    }

    public Var logSoftmax(Var x, int axis) {
        Tensor y = ops.logSoftmax(x.value(), axis);
        return Node.of(y, (g, n) -> {
            Tensor s = ops.sum(g, new int[] {axis}, true);
            Tensor p = ops.exp(y);
            Tensor ps = ops.mul(p, s);
            Tensor r = ops.sub(g, ps);
            close(s, p, ps);
            return new Tensor[] {r};
        }, x);
    }

    public Var softmax(Var x, int axis) {
        return exp(logSoftmax(x, axis));
    }

    /**
     * Log-softmax over the entries where {@code mask} (broadcastable to x) is 1; masked entries are -inf, and a
     * row with no valid entry is all -inf (not NaN) with a zero gradient.
     */
    public Var maskedLogSoftmax(Var x, Tensor mask, int axis) {
        Tensor xv = x.value();
        int[] sx = xv.shape();
        Tensor negInf = ops.full(xv.dtype(), Double.NEGATIVE_INFINITY);
        Tensor xm = ops.where(mask, xv, negInf);
        // a row with no valid entry comes out NaN here; the outer where turns it into -inf
        Tensor ls = ops.logSoftmax(xm, axis);
        Tensor y = ops.where(mask, ls, negInf);
        close(negInf, xm, ls);
        return Node.of(y, (g, n) -> {
            Tensor z = ops.full(g.dtype(), 0.0);
            Tensor gv = ops.where(mask, g, z);
            Tensor s = ops.sum(gv, new int[] {axis}, true);
            Tensor p = ops.exp(y);
            Tensor ps = ops.mul(p, s);
            Tensor r = ops.sub(gv, ps);
            close(z, gv, s, p, ps);
            return new Tensor[] {reduceTo(r, sx, null)};
        }, x);
    }

    /** Softmax over valid entries; masked entries and rows with no valid entry are 0 (never NaN). */
    public Var maskedSoftmax(Var x, Tensor mask, int axis) {
        return exp(maskedLogSoftmax(x, mask, axis));
    }

    /** Log-sum-exp over the valid entries; -inf (with a zero gradient) for a row with none. */
    public Var maskedLogSumExp(Var x, Tensor mask, int axis, boolean keepDims) {
        Var negInf = Node.constant(ops.full(x.dtype(), Double.NEGATIVE_INFINITY));
        return logSumExp(where(mask, x, negInf), axis, keepDims);
    }

    /** Inclusive cumulative sum; with {@code reverse} from the last element backwards. */
    public Var cumsum(Var x, int axis, boolean reverse) {
        return Node.of(ops.cumsum(x.value(), axis, reverse),
                (g, n) -> new Tensor[] {ops.cumsum(g, axis, !reverse)}, x);
    }

    /** Exclusive cumulative sum: element i holds the sum of the elements strictly before it (after, if reverse). */
    public Var exclusiveCumsum(Var x, int axis, boolean reverse) {
        return sub(cumsum(x, axis, reverse), x);
    }

    // ---- linear algebra -------------------------------------------------------------------------------------

    /**
     * {@code op(a) x op(b)} over the last two dimensions, where {@code op} transposes when its flag is set. Both
     * operands share their leading dimensions, or {@code b} is rank 2 and shared by every batch entry of {@code a}.
     */
    public Var matmul(Var a, Var b, boolean transA, boolean transB) {
        Tensor av = a.value();
        Tensor bv = b.value();
        if (av.rank() < 2 || bv.rank() < 2) {
            throw new IllegalArgumentException("matmul needs rank >= 2 operands, got " + Arrays.toString(av.shape())
                    + " and " + Arrays.toString(bv.shape()));
        }
        boolean shared = bv.rank() == 2 && av.rank() > 2;
        return Node.of(ops.matmul(av, bv, transA, transB), (g, n) -> new Tensor[] {
            n[0] ? matmulGradA(g, bv, transA, transB, shared) : null,
            n[1] ? matmulGradB(g, av, bv, transA, transB, shared) : null}, a, b);
    }

    private Tensor matmulGradA(Tensor g, Tensor bv, boolean ta, boolean tb, boolean shared) {
        if (!ta) {
            return ops.matmul(g, bv, false, !tb); // g op(b)^T
        }
        if (!shared) {
            return ops.matmul(bv, g, tb, true); // (g op(b)^T)^T = op(b) g^T
        }
        Tensor t = ops.matmul(g, bv, false, !tb);
        Tensor r = transposeLast2(t);
        t.close();
        return r;
    }

    private Tensor matmulGradB(Tensor g, Tensor av, Tensor bv, boolean ta, boolean tb, boolean shared) {
        if (!shared) {
            return tb ? ops.matmul(g, av, true, ta) : ops.matmul(av, g, !ta, false);
        }
        if (!ta) {
            // fold the batch into rows: one rank-2 product instead of a batched one plus a reduction
            int k = av.dim(-1);
            int cols = g.dim(-1);
            Tensor a2 = ops.reshape(av, -1, k);
            Tensor g2 = ops.reshape(g, -1, cols);
            Tensor r = tb ? ops.matmul(g2, a2, true, false) : ops.matmul(a2, g2, true, false);
            close(a2, g2);
            return r;
        }
        Tensor batched = tb ? ops.matmul(g, av, true, true) : ops.matmul(av, g, false, false);
        int[] lead = new int[batched.rank() - 2];
        for (int i = 0; i < lead.length; i++) {
            lead[i] = i;
        }
        Tensor r = ops.sum(batched, lead, false);
        batched.close();
        return r;
    }

    private Tensor transposeLast2(Tensor t) {
        int r = t.rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return ops.permute(t, perm);
    }

    /**
     * {@code x w^T + b} with PyTorch's layout: x {@code [..., in]}, w {@code [out, in]}, b {@code [out]} or null.
     * One node: the weight gradient folds all leading dimensions into one product.
     */
    public Var linear(Var x, Var w, Var b) {
        Tensor xv = x.value();
        Tensor wv = w.value();
        // shapes are checked by the kernel (KernelChecks.linear)
        int in = wv.dim(1);
        int out = wv.dim(0);
        Tensor y = ops.linear(xv, wv, b == null ? null : b.value());
        int[] sx = xv.shape();
        Node.Backprop bp = (g, n) -> {
            Tensor gx = n[0] ? ops.matmul(g, wv, false, false) : null;
            Tensor gw = null;
            Tensor gb = null;
            if (n[1] || (n.length > 2 && n[2])) {
                Tensor g2 = sx.length == 2 ? g : ops.reshape(g, -1, out);
                if (n[1]) {
                    Tensor x2 = sx.length == 2 ? xv : ops.reshape(xv, -1, in);
                    gw = ops.matmul(g2, x2, true, false);
                    if (x2 != xv) {
                        x2.close();
                    }
                }
                if (n.length > 2 && n[2]) {
                    gb = ops.sum(g2, new int[] {0}, false);
                }
                if (g2 != g) {
                    g2.close();
                }
            }
            return b == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
        };
        return b == null ? Node.of(y, bp, x, w) : Node.of(y, bp, x, w, b);
    }

    // ---- shape ----------------------------------------------------------------------------------------------

    public Var reshape(Var x, int... shape) {
        int[] sx = x.shape();
        return Node.of(ops.reshape(x.value(), shape), (g, n) -> new Tensor[] {ops.reshape(g, sx)}, x);
    }

    public Var permute(Var x, int... axes) {
        int[] inverse = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            inverse[Shapes.axis(axes[i], axes.length)] = i;
        }
        return Node.of(ops.permute(x.value(), axes), (g, n) -> new Tensor[] {ops.permute(g, inverse)}, x);
    }

    /** Swaps the last two dimensions. */
    public Var transpose(Var x) {
        int r = x.value().rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return permute(x, perm);
    }

    public Var broadcastTo(Var x, int... shape) {
        int[] sx = x.shape();
        return Node.of(ops.broadcastTo(x.value(), shape), (g, n) -> new Tensor[] {unbroadcast(g, sx)}, x);
    }

    public Var concat(int axis, Var... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one part");
        }
        Tensor[] values = new Tensor[parts.length];
        int[] offsets = new int[parts.length + 1];
        int rank = parts[0].value().rank();
        int ax = Shapes.axis(axis, rank);
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].value();
            offsets[i + 1] = offsets[i] + values[i].dim(ax);
        }
        return Node.of(ops.concat(ax, values), (g, n) -> {
            Tensor[] r = new Tensor[n.length];
            for (int i = 0; i < n.length; i++) {
                if (n[i]) {
                    r[i] = ops.slice(g, ax, offsets[i], offsets[i + 1]);
                }
            }
            return r;
        }, parts);
    }

    /** Elements {@code [from, to)} along {@code axis}. */
    public Var slice(Var x, int axis, int from, int to) {
        int ax = Shapes.axis(axis, x.value().rank());
        int size = x.dim(ax);
        return Node.of(ops.slice(x.value(), ax, from, to),
                (g, n) -> new Tensor[] {ops.pad(g, ax, from, size - to)}, x);
    }

    /** Zero padding along one axis. */
    public Var pad(Var x, int axis, int before, int after) {
        int ax = Shapes.axis(axis, x.value().rank());
        int size = x.dim(ax);
        return Node.of(ops.pad(x.value(), ax, before, after),
                (g, n) -> new Tensor[] {ops.slice(g, ax, before, before + size)}, x);
    }

    // ---- indexing -------------------------------------------------------------------------------------------

    /** Selects along {@code axis} by a rank-1 INT32 index; repeated indices accumulate their gradients. */
    public Var gather(Var x, int axis, Tensor index) {
        int ax = Shapes.axis(axis, x.value().rank());
        int size = x.dim(ax);
        return Node.of(ops.gather(x.value(), ax, index),
                (g, n) -> new Tensor[] {ops.scatterAdd(g, ax, index, size)}, x);
    }

    /** Adds slice i of {@code src} along {@code axis} into position {@code index[i]} of a zero tensor of {@code size}. */
    public Var scatterAdd(Var src, int axis, Tensor index, int size) {
        int ax = Shapes.axis(axis, src.value().rank());
        return Node.of(ops.scatterAdd(src.value(), ax, index, size),
                (g, n) -> new Tensor[] {ops.gather(g, ax, index)}, src);
    }

    // ---- convolution and pooling ----------------------------------------------------------------------------

    /**
     * 2-D convolution (cross-correlation, as PyTorch) of x {@code [N, C, H, W]} with w {@code [O, C, kh, kw]} and
     * an optional bias {@code [O]}, via im2col and one batched matrix product.
     */
    public Var conv2d(Var x, Var w, Var b, int stride, int padding) {
        Tensor xv = x.value();
        Tensor wv = w.value();
        if (xv.rank() != 4 || wv.rank() != 4 || xv.dim(1) != wv.dim(1)) {
            throw new IllegalArgumentException("conv2d: x " + Arrays.toString(xv.shape()) + " must be [N, C, H, W] and w "
                    + Arrays.toString(wv.shape()) + " [O, C, kh, kw] with the same C");
        }
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException("conv2d: stride " + stride + " must be >= 1 and padding " + padding
                    + " >= 0");
        }
        int nb = xv.dim(0);
        int c = xv.dim(1);
        int h = xv.dim(2);
        int wd = xv.dim(3);
        int o = wv.dim(0);
        int kh = wv.dim(2);
        int kw = wv.dim(3);
        int oh = (h + 2 * padding - kh) / stride + 1;
        int ow = (wd + 2 * padding - kw) / stride + 1;
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("conv2d: kernel " + kh + "x" + kw + " larger than padded input "
                    + Arrays.toString(xv.shape()));
        }
        int patch = c * kh * kw;
        Tensor cols = ops.im2col(xv, kh, kw, stride, padding);
        Tensor w2 = ops.reshape(wv, o, patch);
        Tensor wb = ops.broadcastTo(w2, nb, o, patch);
        w2.close();
        Tensor y3 = ops.matmul(wb, cols, false, false);
        if (b != null) {
            Tensor b3 = ops.reshape(b.value(), 1, o, 1);
            Tensor t = ops.add(y3, b3);
            close(y3, b3);
            y3 = t;
        }
        Tensor y = ops.reshape(y3, nb, o, oh, ow);
        y3.close();
        Var[] parents = b == null ? new Var[] {x, w} : new Var[] {x, w, b};
        if (!anyRequiresGrad(parents)) {
            close(cols, wb);
            return Node.constant(y);
        }
        return Node.of(y, (g, n) -> {
            Tensor g3 = ops.reshape(g, nb, o, oh * ow);
            Tensor gx = null;
            if (n[0]) {
                Tensor gcols = ops.matmul(wb, g3, true, false);
                gx = ops.col2im(gcols, c, h, wd, kh, kw, stride, padding);
                gcols.close();
            }
            Tensor gw = null;
            if (n[1]) {
                Tensor per = ops.matmul(g3, cols, false, true);
                Tensor s = ops.sum(per, new int[] {0}, false);
                gw = ops.reshape(s, o, c, kh, kw);
                close(per, s);
            }
            Tensor gb = n.length > 2 && n[2] ? ops.sum(g3, new int[] {0, 2}, false) : null;
            g3.close();
            return b == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
        }, parents);
    }

    /**
     * 1-D convolution of x {@code [N, C, L]} with w {@code [O, C, k]} and an optional bias {@code [O]}: zero padding
     * on both ends of L, then the 2-D kernel with a height of 1.
     */
    public Var conv1d(Var x, Var w, Var b, int stride, int padding) {
        int[] sx = x.shape();
        int[] sw = w.shape();
        if (sx.length != 3 || sw.length != 3) {
            throw new IllegalArgumentException("conv1d: x " + Arrays.toString(sx) + " must be [N, C, L] and w "
                    + Arrays.toString(sw) + " [O, C, k]");
        }
        Var padded = padding == 0 ? x : pad(x, 2, padding, padding);
        int length = sx[2] + 2 * padding;
        Var y = conv2d(reshape(padded, sx[0], sx[1], 1, length), reshape(w, sw[0], sw[1], 1, sw[2]), b, stride, 0);
        int[] sy = y.shape();
        return reshape(y, sy[0], sy[1], sy[3]);
    }

    /** Mean over the spatial axes of {@code [N, C, H, W]}: adaptive average pooling to 1x1, flattened to [N, C]. */
    public Var globalAvgPool2d(Var x) {
        if (x.value().rank() != 4) {
            throw new IllegalArgumentException("globalAvgPool2d needs [N, C, H, W], got " + Arrays.toString(x.shape()));
        }
        return mean(x, 2, 3);
    }

    /**
     * Non-overlapping max pooling with a {@code k x k} window and stride k over x {@code [N, C, H, W]}; trailing
     * rows and columns that do not fill a window are dropped, as in PyTorch.
     */
    public Var maxPool2d(Var x, int k) {
        int[] s = x.shape();
        if (s.length != 4 || k < 1 || s[2] < k || s[3] < k) {
            throw new IllegalArgumentException("maxPool2d: x " + Arrays.toString(s) + " must be [N, C, H, W] with H, W >= k = " + k);
        }
        int oh = s[2] / k;
        int ow = s[3] / k;
        Var t = x;
        if (oh * k != s[2]) {
            t = slice(t, 2, 0, oh * k);
        }
        if (ow * k != s[3]) {
            t = slice(t, 3, 0, ow * k);
        }
        Var r = reshape(t, s[0], s[1], oh, k, ow, k);
        return max(r, new int[] {3, 5}, false);
    }

    // ---- normalization and regularization ------------------------------------------------------------------

    /**
     * Layer normalization over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta} with the biased
     * variance (PyTorch). {@code gamma} and {@code beta} ({@code [d]}) may be null. One node with a fused VJP.
     */
    public Var layerNorm(Var x, Var gamma, Var beta, double eps) {
        Tensor xv = x.value();
        int[] sx = xv.shape();
        int d = sx[sx.length - 1];
        int[] last = {-1};
        Tensor s = ops.sum(xv, last, true);
        Tensor mu = ops.mulScalar(s, 1.0 / d);
        Tensor xc = ops.sub(xv, mu);
        Tensor sq = ops.mul(xc, xc);
        Tensor ss = ops.sum(sq, last, true);
        Tensor variance = ops.mulScalar(ss, 1.0 / d);
        Tensor ve = ops.addScalar(variance, eps);
        Tensor inv = ops.powScalar(ve, -0.5);
        Tensor xhat = ops.mul(xc, inv);
        close(s, mu, xc, sq, ss, variance, ve);
        Tensor y = xhat;
        if (gamma != null) {
            Tensor t = ops.mul(y, gamma.value());
            y = t;
        }
        if (beta != null) {
            Tensor t = ops.add(y, beta.value());
            if (y != xhat) {
                y.close();
            }
            y = t;
        }
        List<Var> ps = new ArrayList<>(3);
        ps.add(x);
        int gammaAt = -1;
        int betaAt = -1;
        if (gamma != null) {
            gammaAt = ps.size();
            ps.add(gamma);
        }
        if (beta != null) {
            betaAt = ps.size();
            ps.add(beta);
        }
        Var[] parents = ps.toArray(new Var[0]);
        int ga = gammaAt;
        int ba = betaAt;
        int[] lead = new int[sx.length - 1];
        for (int i = 0; i < lead.length; i++) {
            lead[i] = i;
        }
        Tensor out = y;
        return Node.of(out, (g, n) -> {
            Tensor[] r = new Tensor[n.length];
            if (ga >= 0 && n[ga]) {
                Tensor gx = ops.mul(g, xhat);
                r[ga] = ops.sum(gx, lead, false);
                gx.close();
            }
            if (ba >= 0 && n[ba]) {
                r[ba] = ops.sum(g, lead, false);
            }
            if (n[0]) {
                Tensor gh = ga >= 0 ? ops.mul(g, gamma.value()) : g;
                Tensor s1 = ops.sum(gh, last, true);
                Tensor m1 = ops.mulScalar(s1, 1.0 / d);
                Tensor ghx = ops.mul(gh, xhat);
                Tensor s2 = ops.sum(ghx, last, true);
                Tensor m2 = ops.mulScalar(s2, 1.0 / d);
                Tensor t1 = ops.sub(gh, m1);
                Tensor t2 = ops.mul(xhat, m2);
                Tensor t3 = ops.sub(t1, t2);
                r[0] = ops.mul(t3, inv);
                close(s1, m1, ghx, s2, m2, t1, t2, t3);
                if (gh != g) {
                    gh.close();
                }
            }
            return r;
        }, parents);
    }

    /**
     * Inverted dropout: in training, each element is zeroed with probability {@code p} and the rest scaled by
     * {@code 1/(1-p)}; the mask comes from {@code random} on the host, so it is the same on every backend.
     * Outside training, or with {@code p == 0}, returns x unchanged.
     */
    public Var dropout(Var x, double p, RandomStream random, boolean training) {
        checkRate(p);
        if (!training || p == 0) {
            return x;
        }
        return mul(x, constant(keepMask(x.dtype(), x.shape(), p, random)));
    }

    /** Channel dropout for x {@code [N, C, ...]}: whole channels are zeroed together (PyTorch Dropout2d). */
    public Var dropout2d(Var x, double p, RandomStream random, boolean training) {
        checkRate(p);
        int[] s = x.shape();
        if (s.length < 3) {
            throw new IllegalArgumentException("dropout2d needs [N, C, ...], got " + Arrays.toString(s));
        }
        if (!training || p == 0) {
            return x;
        }
        int[] ms = new int[s.length];
        Arrays.fill(ms, 1);
        ms[0] = s[0];
        ms[1] = s[1];
        return mul(x, constant(keepMask(x.dtype(), ms, p, random)));
    }

    private static void checkRate(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1], got " + p);
        }
    }

    private Tensor keepMask(DType dtype, int[] shape, double p, RandomStream random) {
        int size = (int) Shapes.size(shape);
        double scale = p >= 1 ? 0 : 1.0 / (1 - p);
        if (dtype == DType.FLOAT32) {
            float[] m = new float[size];
            for (int i = 0; i < size; i++) {
                m[i] = random.nextDouble() < p ? 0f : (float) scale;
            }
            return ops.fromFloats(m, shape);
        }
        double[] m = new double[size];
        for (int i = 0; i < size; i++) {
            m[i] = random.nextDouble() < p ? 0 : scale;
        }
        return ops.fromDoubles(m, shape);
    }

    // ---- losses ---------------------------------------------------------------------------------------------

    /**
     * Element-wise binary cross-entropy on logits, {@code softplus(x) - x t}, stable for large |x|; reduce it
     * with {@link #sum} or {@link #mean}.
     */
    public Var bceWithLogits(Var logits, Var targets) {
        return sub(softplus(logits), mul(logits, targets));
    }

    // ---- backward -------------------------------------------------------------------------------------------

    /**
     * Gradients of the scalar {@code loss} (rank 0 or one element) with respect to every {@link Parameter} it
     * depends on. Each call computes fresh gradients (overwrite semantics); sum several passes with
     * {@link GradientBuffer}. The graph is not consumed, but intermediate gradients are released as soon as
     * every consumer has used them.
     */
    public Gradients backward(Var loss) {
        if (loss.value().size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar loss, got shape "
                    + Arrays.toString(loss.shape()));
        }
        Gradients out = new Gradients(ops);
        if (!loss.requiresGrad()) {
            return out;
        }
        List<Var> order = topologicalOrder(loss);
        Map<Var, Tensor> grads = new IdentityHashMap<>();
        Map<Tensor, int[]> holders = new IdentityHashMap<>();
        Map<Tensor, Boolean> handedOut = new IdentityHashMap<>();
        Tensor seed = ops.full(loss.dtype(), 1.0, loss.shape());
        grads.put(loss, seed);
        hold(holders, seed);
        for (int i = order.size() - 1; i >= 0; i--) {
            Var v = order.get(i);
            Tensor g = grads.remove(v);
            if (g == null) {
                continue;
            }
            if (v instanceof Parameter p) {
                // the holder count is never released, so a tensor shared with an intermediate survives
                if (handedOut.put(g, Boolean.TRUE) != null) {
                    g = ops.mulScalar(g, 1.0);
                }
                out.put(p, g);
                continue;
            }
            Node node = (Node) v;
            Var[] parents = node.parentsRef();
            boolean[] needs = new boolean[parents.length];
            for (int j = 0; j < parents.length; j++) {
                needs[j] = parents[j].requiresGrad();
            }
            Tensor[] pg = node.backprop().apply(g, needs);
            for (int j = 0; j < parents.length; j++) {
                if (!needs[j]) {
                    continue;
                }
                Tensor gj = pg[j];
                if (gj == null) {
                    throw new IllegalStateException("no gradient for input " + j + " of " + node);
                }
                if (!Arrays.equals(gj.shape(), parents[j].shape())) {
                    throw new IllegalStateException("gradient shape " + Arrays.toString(gj.shape())
                            + " does not match input " + Arrays.toString(parents[j].shape()) + " of " + node);
                }
                hold(holders, gj);
                Tensor prev = grads.get(parents[j]);
                if (prev == null) {
                    grads.put(parents[j], gj);
                } else {
                    Tensor sum = ops.add(prev, gj);
                    hold(holders, sum);
                    grads.put(parents[j], sum);
                    release(holders, prev);
                    release(holders, gj);
                }
            }
            release(holders, g);
        }
        return out;
    }

    private static void hold(Map<Tensor, int[]> holders, Tensor t) {
        holders.computeIfAbsent(t, k -> new int[1])[0]++;
    }

    private static void release(Map<Tensor, int[]> holders, Tensor t) {
        int[] c = holders.get(t);
        if (--c[0] == 0) {
            holders.remove(t);
            t.close();
        }
    }

    /** Post-order of the gradient-requiring subgraph below {@code root} (inputs before their consumers). */
    private static List<Var> topologicalOrder(Var root) {
        List<Var> order = new ArrayList<>();
        Map<Var, Boolean> seen = new IdentityHashMap<>();
        List<Var> stack = new ArrayList<>();
        List<int[]> next = new ArrayList<>();
        stack.add(root);
        next.add(new int[1]);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Var v = stack.get(top);
            Var[] parents = parentsOf(v);
            int[] cursor = next.get(top);
            if (cursor[0] < parents.length) {
                Var p = parents[cursor[0]++];
                if (p.requiresGrad() && seen.put(p, Boolean.TRUE) == null) {
                    stack.add(p);
                    next.add(new int[1]);
                }
            } else {
                order.add(v);
                stack.remove(top);
                next.remove(top);
            }
        }
        return order;
    }

    private static Var[] parentsOf(Var v) {
        if (v instanceof Node n) {
            return n.parentsRef();
        }
        if (v instanceof Parameter) {
            return new Var[0];
        }
        throw new IllegalArgumentException("cannot differentiate through " + v.getClass().getName()
                + "; only Node and Parameter take part in the tape");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static boolean anyRequiresGrad(Var[] vs) {
        for (Var v : vs) {
            if (v.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    private static int[] axesOrAll(int[] axes, int rank) {
        if (axes != null && axes.length > 0) {
            return axes;
        }
        int[] all = new int[rank];
        for (int i = 0; i < rank; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Sums {@code g} over the axes along which {@code shape} was broadcast; returns g itself when nothing to do. */
    private Tensor unbroadcast(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int[] axes = Shapes.broadcastAxes(shape, gs);
        if (axes.length == 0) {
            return ops.reshape(g, shape);
        }
        if (Arrays.equals(Shapes.reduce(gs, axes, false), shape)) {
            // only leading axes were added (the common bias case): one kernel
            return ops.sum(g, axes, false);
        }
        Tensor s = ops.sum(g, axes, true);
        Tensor r = ops.reshape(s, shape);
        s.close();
        return r;
    }

    /** Unbroadcasts a temporary {@code t} (owned here) to {@code shape}, releasing it when a new tensor results. */
    private Tensor reduceTo(Tensor t, int[] shape, Tensor incoming) {
        Tensor r = unbroadcast(t, shape);
        if (r != t && t != incoming) {
            t.close();
        }
        return r;
    }

    /** Broadcasts a gradient of a reduction (shape {@code keepShape} once reshaped) back to the input shape. */
    private Tensor expand(Tensor g, int[] keepShape, int[] inputShape) {
        Tensor gk = Arrays.equals(g.shape(), keepShape) ? g : ops.reshape(g, keepShape);
        Tensor r = ops.broadcastTo(gk, inputShape);
        if (gk != g) {
            gk.close();
        }
        return r;
    }

    private static void close(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null) {
                t.close();
            }
        }
    }
}
