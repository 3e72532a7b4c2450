package org.gfncp.core.nn;

import java.util.Arrays;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.random.RandomStream;

/**
 * Multihead attention block of the Set Transformer as DAC and GFNCP code it: {@code Q = X Wq, K = Y Wk,
 * V = Y Wv} of width d split into h heads; per head {@code A = softmax(Q K^T / sqrt(d))} (scaled by the full
 * width d, as both codes do), masked keys get -inf and rows with no valid key become 0; {@code O = Q + A V},
 * optional LayerNorm, {@code O = O + relu(O Wo)}, optional LayerNorm. Batched: X {@code [B, nq, dq]},
 * Y {@code [B, nk, dk]}, output {@code [B, nq, d]}. With a dropout rate (DAC's image models use 0.2), the attention
 * branch {@code A V} and the feed-forward branch {@code relu(O Wo)} are dropped out before their residual adds,
 * in training mode only.
 */
public final class Mab extends AbstractModule {

    private final Linear fcQ;
    private final Linear fcK;
    private final Linear fcV;
    private final Linear fcO;
    private final LayerNorm ln0;
    private final LayerNorm ln1;
    private final int dim;
    private final int heads;
    private final double dropout;

    public Mab(Diff diff, int dimQ, int dimK, int dim, int heads, boolean layerNorm, DType dtype, RandomStream random) {
        this(diff, dimQ, dimK, dim, heads, layerNorm, 0, dtype, random);
    }

    public Mab(Diff diff, int dimQ, int dimK, int dim, int heads, boolean layerNorm, double dropout, DType dtype,
               RandomStream random) {
        super(diff);
        if (heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("MAB width " + dim + " must be a positive multiple of heads " + heads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("MAB dropout must be in [0, 1), got " + dropout);
        }
        this.dropout = dropout;
        this.dim = dim;
        this.heads = heads;
        this.fcQ = register("fc_q", new Linear(diff, dimQ, dim, true, dtype, random));
        this.fcK = register("fc_k", new Linear(diff, dimK, dim, true, dtype, random));
        this.fcV = register("fc_v", new Linear(diff, dimK, dim, true, dtype, random));
        this.ln0 = layerNorm ? register("ln0", new LayerNorm(diff, dim, dtype)) : null;
        this.ln1 = layerNorm ? register("ln1", new LayerNorm(diff, dim, dtype)) : null;
        this.fcO = register("fc_o", new Linear(diff, dim, dim, true, dtype, random));
    }

    /**
     * Attends from {@code x} to {@code y}. {@code keyMask} is {@code [B, nk]} of the data dtype with 1 for a key
     * that may be attended to and 0 for an excluded one, or null when every key is valid.
     */
    public Var forward(Var x, Var y, Tensor keyMask) {
        return forward(x, y, keyMask, null);
    }

    /**
     * As {@link #forward(Var, Var, Tensor)}, drawing dropout masks from {@code random}, which is required in
     * training mode when the dropout rate is positive and ignored otherwise.
     */
    public Var forward(Var x, Var y, Tensor keyMask, RandomStream random) {
        boolean drop = isTraining() && dropout > 0;
        if (drop && random == null) {
            throw new IllegalArgumentException("MAB with dropout " + dropout + " needs a RandomStream in training mode");
        }
        int[] sx = x.shape();
        int[] sy = y.shape();
        if (sx.length != 3 || sy.length != 3 || sx[0] != sy[0]) {
            throw new IllegalArgumentException("MAB needs X [B, nq, dq] and Y [B, nk, dk] with the same B, got "
                    + Arrays.toString(sx) + " and " + Arrays.toString(sy));
        }
        int b = sx[0];
        int nq = sx[1];
        int nk = sy[1];
        Var q = fcQ.forward(x);
        Var qh = splitHeads(q, b, nq);
        Var kh = splitHeads(fcK.forward(y), b, nk);
        Var vh = splitHeads(fcV.forward(y), b, nk);
        Var logits = diff.mulScalar(diff.matmul(qh, kh, false, true), 1 / Math.sqrt(dim));
        Var attention;
        if (keyMask == null) {
            attention = diff.softmax(logits, -1);
        } else {
            int[] sm = keyMask.shape();
            if (sm.length != 2 || sm[0] != b || sm[1] != nk) {
                throw new IllegalArgumentException("MAB key mask must be [" + b + ", " + nk + "], got "
                        + Arrays.toString(sm));
            }
            attention = diff.maskedSoftmax(logits, diff.ops().reshape(keyMask, b, 1, 1, nk), -1);
        }
        Var mixed = diff.matmul(attention, vh, false, false);
        Var merged = diff.reshape(diff.permute(mixed, 0, 2, 1, 3), b, nq, dim);
        if (drop) {
            merged = diff.dropout(merged, dropout, random, true);
        }
        Var o = diff.add(q, merged);
        if (ln0 != null) {
            o = ln0.forward(o);
        }
        Var ff = diff.relu(fcO.forward(o));
        if (drop) {
            ff = diff.dropout(ff, dropout, random, true);
        }
        o = diff.add(o, ff);
        if (ln1 != null) {
            o = ln1.forward(o);
        }
        return o;
    }

    /** {@code [B, n, d] -> [B, h, n, d/h]}: head i takes columns {@code [i d/h, (i+1) d/h)}. */
    private Var splitHeads(Var t, int b, int n) {
        return diff.permute(diff.reshape(t, b, n, heads, dim / heads), 0, 2, 1, 3);
    }

    public int dim() {
        return dim;
    }
}
