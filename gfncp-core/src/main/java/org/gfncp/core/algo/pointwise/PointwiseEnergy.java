package org.gfncp.core.algo.pointwise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gfncp.api.diff.Var;
import org.gfncp.api.nn.EnergyModel;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.nn.AbstractModule;
import org.gfncp.core.nn.Activation;
import org.gfncp.core.nn.Linear;
import org.gfncp.core.nn.Mlp;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.HostArrays;
import org.gfncp.spi.backend.TensorOps;

/**
 * The point-wise energy shared by GFNCP and NCP (spec 1.2, 2.2): encoders h and u, cluster network g and energy
 * network E. The energy of putting point n into candidate k is
 * {@code E([sum_j g(H_j^(k)); sum_{i>n} u(x_i)])}, with {@code H_j^(k)} the h-sums of the clusters after the move.
 *
 * <p>Evaluation order differs from the reference code, the function does not: g's first layer is linear, so sums
 * of h are taken after projecting h by that layer; and g's last layer feeds E's first layer linearly through a
 * sum over clusters, so the two are composed into one {@code H x H} matrix ({@link Folded}). Parameters keep the
 * reference layout (names {@code h.0.weight}, ..., {@code E.10.weight}), so checkpoints stay interchangeable.
 */
public final class PointwiseEnergy extends AbstractModule implements EnergyModel<DecodeState> {

    private final EnergyArchitecture architecture;
    private final DType dtype;
    private final Mlp h;
    private final Mlp u;
    private final Mlp g;
    private final Mlp e;
    private final PointEncoder hEncoder;
    private final PointEncoder uEncoder;
    private final List<List<Parameter>> slopes = new ArrayList<>();

    public PointwiseEnergy(Diff diff, EnergyArchitecture architecture, DType dtype, RandomStream random) {
        super(diff);
        this.architecture = architecture;
        this.dtype = dtype;
        Activation act = architecture.activation();
        this.h = register("h", new Mlp(diff, architecture.encoderWidths(), act, true, dtype, random));
        this.u = architecture.includeU()
                ? register("u", new Mlp(diff, architecture.encoderWidths(), act, true, dtype, random))
                : null;
        this.g = register("g", new Mlp(diff, architecture.clusterWidths(), act, true, dtype, random));
        this.e = register("E", new Mlp(diff, architecture.energyWidths(), act, false, dtype, random));
        for (Mlp m : new Mlp[] {h, u, g, e}) {
            List<Parameter> s = new ArrayList<>();
            if (m != null && act == Activation.PRELU) {
                for (int i = 0; i < m.layers().size() - 1; i++) {
                    s.add(m.namedParameters().get((2 * i + 1) + ".weight"));
                }
            }
            slopes.add(s);
        }
        int dh = architecture.encodingDimension();
        this.hEncoder = new PointEncoder(h, architecture.pointDimension(), dh);
        this.uEncoder = u == null ? null : new PointEncoder(u, architecture.pointDimension(), dh);
    }

    public EnergyArchitecture architecture() {
        return architecture;
    }

    public DType dtype() {
        return dtype;
    }

    /** The network named {@code h}, {@code u}, {@code g} or {@code E} (u is null in the online variant). */
    Mlp network(String name) {
        return switch (name) {
            case "h" -> h;
            case "u" -> u;
            case "g" -> g;
            case "E" -> e;
            default -> throw new IllegalArgumentException("no network named " + name);
        };
    }

    /** The encoder h. */
    public PointEncoder pointEncoder() {
        return hEncoder;
    }

    /** The encoder u of the unassigned points, or null in the online variant. */
    public PointEncoder unassignedEncoder() {
        return uEncoder;
    }

    // ---- composed weights -----------------------------------------------------------------------------------

    /**
     * Weights composed once per batch: g's first bias, {@code W_E,G W_g,last} and {@code W_E,G b_g,last} (g's last
     * layer seen through E's first layer), E's first bias, and E's first-layer block for U.
     */
    public record Folded(Var clusterBias, Var fold, Var foldBias, Var energyBias, Var unassignedWeight) {
    }

    Folded fold(boolean train) {
        Linear g0 = g.layers().get(0);
        Linear gLast = g.layers().get(g.layers().size() - 1);
        Linear e0 = e.layers().get(0);
        int dg = architecture.clusterDimension();
        Var we = param(e0.weight(), train);
        Var wg = architecture.includeU() ? diff.slice(we, 1, 0, dg) : we;
        Var wu = architecture.includeU()
                ? diff.slice(we, 1, dg, dg + architecture.encodingDimension())
                : null;
        Var fold = diff.matmul(wg, param(gLast.weight(), train), false, false);
        Var foldBias = diff.reshape(diff.linear(diff.reshape(param(gLast.bias(), train), 1, dg), wg, null),
                architecture.hidden());
        return new Folded(param(g0.bias(), train), fold, foldBias, param(e0.bias(), train), wu);
    }

    private Var param(Parameter p, boolean train) {
        return train ? p : diff.constant(p.value());
    }

    private Var activate(int net, int layer, Var x, boolean train) {
        if (architecture.activation() == Activation.RELU) {
            return diff.relu(x);
        }
        return diff.prelu(x, param(slopes.get(net).get(layer), train));
    }

    /** Layers {@code [from, to)} of network {@code net}, each followed by its activation except the last one. */
    private Var run(int net, Mlp m, Var x, int from, int to, boolean train) {
        Var y = x;
        int last = m.layers().size() - 1;
        for (int i = from; i < to; i++) {
            Linear l = m.layers().get(i);
            y = diff.linear(y, param(l.weight(), train), l.bias() == null ? null : param(l.bias(), train));
            if (i < last) {
                y = activate(net, i, y, train);
            }
        }
        return y;
    }

    /** {@code W_E,G g(H)} from the projected sum {@code W_g,0 H} (no bias yet), over the last axis. */
    Var clusterCode(Var projectedSum, Folded f, boolean train) {
        int[] s = projectedSum.shape();
        Var x = activate(2, 0, diff.add(flatten(projectedSum), f.clusterBias()), train);
        x = run(2, g, x, 1, g.layers().size() - 1, train);
        return unflatten(diff.linear(x, f.fold(), f.foldBias()), s);
    }

    /** E from its first layer's pre-activation without bias, {@code [..., H] -> [...]}. */
    Var energyHead(Var preactivation, Folded f, boolean train) {
        int[] s = preactivation.shape();
        Var x = activate(3, 0, diff.add(flatten(preactivation), f.energyBias()), train);
        Var out = run(3, e, x, 1, e.layers().size(), train);
        return diff.reshape(out, Arrays.copyOf(s, s.length - 1));
    }

    /** Rows of a rank-2 matrix, so every layer is one plain matrix product on any engine. */
    private Var flatten(Var x) {
        int[] s = x.shape();
        return s.length == 2 ? x : diff.reshape(x, -1, s[s.length - 1]);
    }

    private Var unflatten(Var x, int[] like) {
        if (like.length == 2) {
            return x;
        }
        int[] s = like.clone();
        s[s.length - 1] = x.dim(-1);
        return diff.reshape(x, s);
    }

    // ---- encodings ------------------------------------------------------------------------------------------

    /**
     * Encodes a batch of (possibly padded) sets.
     *
     * @param points {@code [B, N, D]}
     * @param sizes real points per set (padding beyond is ignored), or null when every set has N points
     * @param train record gradients for the parameters
     */
    public Encodings encode(Var points, int[] sizes, boolean train) {
        int[] s = points.shape();
        if (s.length != 3 || s[2] != architecture.pointDimension()) {
            throw new IllegalArgumentException("points must be [B, N, " + architecture.pointDimension() + "], got "
                    + Arrays.toString(s));
        }
        int[] real = sizes;
        if (real == null) {
            real = new int[s[0]];
            Arrays.fill(real, s[1]);
        }
        Folded f = fold(train);
        int hid = architecture.hidden();
        Var projected = diff.reshape(projectFlat(points, train), s[0], s[1], hid);
        Var unassigned = null;
        if (u != null) {
            Var qp = diff.reshape(diff.linear(encodeFlat(1, u, uEncoder, points, train), f.unassignedWeight(), null),
                    s[0], s[1], hid);
            if (sizes != null) {
                qp = diff.mul(qp, diff.constant(rowMask(real, s[1])));
            }
            unassigned = diff.exclusiveCumsum(qp, 1, true);
        }
        return new Encodings(projected, unassigned, f, real.clone());
    }

    /** h's encodings {@code [B * N, H]} through g's first layer, without its bias. */
    private Var projectFlat(Var points, boolean train) {
        return diff.linear(encodeFlat(0, h, hEncoder, points, train), param(g.layers().get(0).weight(), train), null);
    }

    /**
     * {@link Encodings#projected()} of single points, {@code [P, H]}, without the unassigned points' encodings that
     * {@link #encode} also makes: what {@link #insertedEnergies} needs.
     */
    Tensor projectedPoints(double[][] points) {
        return projectFlat(diff.constant(points(new double[][][] {points})), false).value();
    }

    /** Encodings {@code [B * N, d_h]}: through the {@link PointEncoder} when training, frozen otherwise. */
    private Var encodeFlat(int net, Mlp m, PointEncoder encoder, Var points, boolean train) {
        if (train) {
            return flatten(encoder.encode(points));
        }
        return run(net, m, flatten(points), 0, m.layers().size(), false);
    }

    private Tensor rowMask(int[] sizes, int n) {
        double[] m = new double[sizes.length * n];
        for (int b = 0; b < sizes.length; b++) {
            Arrays.fill(m, b * n, b * n + sizes[b], 1.0);
        }
        return tensor(m, sizes.length, n, 1);
    }

    /** A constant of this model's dtype. */
    Tensor tensor(double[] values, int... shape) {
        return tensor(diff.ops(), dtype, values, shape);
    }

    /** {@code values} as a tensor of the floating {@code dtype} (FLOAT32 rounds to nearest). */
    static Tensor tensor(TensorOps ops, DType dtype, double[] values, int... shape) {
        return dtype == DType.FLOAT64 ? ops.fromDoubles(values, shape) : ops.fromFloats(HostArrays.floats(values), shape);
    }

    /** Points {@code [B][N_b][D]} as a zero-padded {@code [B, maxN, D]} tensor. */
    public Tensor points(double[][][] sets) {
        int n = 0;
        for (double[][] s : sets) {
            n = Math.max(n, s.length);
        }
        int d = architecture.pointDimension();
        double[] v = new double[sets.length * n * d];
        for (int b = 0; b < sets.length; b++) {
            for (int i = 0; i < sets[b].length; i++) {
                System.arraycopy(sets[b][i], 0, v, (b * n + i) * d, d);
            }
        }
        return tensor(v, sets.length, n, d);
    }

    // ---- teacher-forced pass --------------------------------------------------------------------------------

    /**
     * Energies of every step and candidate of B labeled sets in one batched pass (spec 2.7), without any loop over
     * the points. Every set must have N real points; labels must be canonical.
     */
    public TeacherForced teacherForced(Encodings enc, int[][] labels, boolean train) {
        TeacherPlan plan = new TeacherPlan(labels);
        int b = enc.batch();
        int n = enc.points();
        if (plan.batch != b || plan.points != n) {
            throw new IllegalArgumentException("labels are [" + plan.batch + ", " + plan.points
                    + "] but the encodings are [" + b + ", " + n + "]");
        }
        for (int size : enc.sizes()) {
            if (size != n) {
                throw new IllegalArgumentException("teacher forcing needs unpadded sets of " + n + " points, got "
                        + Arrays.toString(enc.sizes()));
            }
        }
        TensorOps ops = diff.ops();
        int hid = architecture.hidden();
        int p = plan.pairs;
        Tensor pointIndex = ops.fromInts(plan.pointIndex, plan.pointIndex.length);
        Tensor chosenIndex = ops.fromInts(plan.chosenIndex, plan.chosenIndex.length);
        Folded f = enc.folded();
        Var flat = diff.reshape(enc.projected(), b * n, hid);
        // within-cluster inclusive prefix sums: sort by (label, position), cumsum, subtract the segment's start
        Var sorted = diff.reshape(diff.gather(flat, 0, ops.fromInts(plan.sortIndex, b * n)), b, n, hid);
        Var cumulative = diff.reshape(diff.cumsum(sorted, 1, false), b * n, hid);
        Var offsets = diff.gather(diff.pad(cumulative, 0, 0, 1), 0, ops.fromInts(plan.segmentOffset, b * n));
        Var within = diff.pad(diff.sub(cumulative, offsets), 0, 0, 1);
        Var input = diff.add(diff.gather(within, 0, ops.fromInts(plan.clusterSumIndex, b * p)),
                diff.gather(flat, 0, pointIndex));
        Var code = clusterCode(input, f, train);
        Var chosenCode = diff.pad(diff.gather(code, 0, chosenIndex), 0, 0, 1);
        Var previous = diff.gather(chosenCode, 0, ops.fromInts(plan.previousIndex, b * p));
        Var total = diff.gather(diff.scatterAdd(previous, 0, pointIndex, b * n), 0, pointIndex);
        Var pre = diff.add(diff.sub(total, previous), code);
        if (enc.unassigned() != null) {
            pre = diff.add(pre, diff.gather(diff.reshape(enc.unassigned(), b * n, hid), 0, pointIndex));
        }
        Var energies = energyHead(pre, f, train);
        Var chosen = diff.reshape(diff.gather(energies, 0, chosenIndex), b, n);
        int k = plan.slots;
        Var dense = diff.reshape(diff.scatterAdd(energies, 0, ops.fromInts(plan.denseIndex, b * p), b * n * k),
                b, n, k);
        Tensor valid = tensor(plan.valid, b, n, k);
        Var logits = diff.where(valid, diff.neg(dense), diff.constant(ops.full(dtype, Double.NEGATIVE_INFINITY)));
        Var lse = diff.logSumExp(logits, 2, false);
        Var max = diff.max(logits, new int[] {2}, false);
        return new TeacherForced(b, n, chosen, dense, valid, lse, max);
    }

    /** {@code -sum_{n >= 1} log P(c_n | c_<n, x)} per set, {@code [B]}. */
    public Var negativeLogLikelihood(TeacherForced tf) {
        Var perStep = diff.add(tf.chosen(), tf.logNormalizer());
        return diff.sum(diff.slice(perStep, 1, 1, tf.points()), 1);
    }

    /**
     * Energy of complete clusterings, {@code E([sum_k g(H_k); 0])} per set, {@code [B]}: the terminal energy of a
     * trajectory, which depends on the clustering only (not on the order). Labels must cover every point.
     */
    public Var terminalEnergies(Encodings enc, int[][] labels, boolean train) {
        int b = enc.batch();
        int n = enc.points();
        if (labels.length != b) {
            throw new IllegalArgumentException(labels.length + " label rows for " + b + " sets");
        }
        int k = 0;
        for (int[] c : labels) {
            if (c.length > n) {
                throw new IllegalArgumentException("a labeling has " + c.length + " points, the sets have " + n);
            }
            for (int x : c) {
                k = Math.max(k, x + 1);
            }
        }
        double[] onehot = new double[b * n * k];
        double[] exists = new double[b * k];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < labels[r].length; i++) {
                onehot[(r * n + i) * k + labels[r][i]] = 1;
                exists[r * k + labels[r][i]] = 1;
            }
        }
        Folded f = enc.folded();
        Var sums = diff.matmul(diff.constant(tensor(onehot, b, n, k)), enc.projected(), true, false);
        Var code = diff.mul(clusterCode(sums, f, train), diff.constant(tensor(exists, b, k, 1)));
        return energyHead(diff.sum(code, 1), f, train);
    }

    // ---- incremental decoding -------------------------------------------------------------------------------
    //
    // Every tensor of a decoding step is rank 2 and every update is a gather, so a step costs the g and E layers
    // plus a dozen kernels whatever the capacity. A row's cluster slots live in one table [R * C + 1, 2H] of
    // [g's first pre-activation of the cluster | minus its cluster code]; the last row is the empty slot
    // [g's first bias | 0]. The per-row state is [0 | V], V being E's first pre-activation shared by every
    // candidate of the last step's point after its move (U, E's first bias and the sum of the codes); the point
    // table holds [projected h | change of U and bias since the previous point], so one gather and one add give
    // every row [next point | shared pre-activation of the next step].

    /**
     * The state after the forced first step (point 0 opens cluster 0) for rows that decode the sets of
     * {@code enc}; row r decodes set {@code rowSet[r]}. Only the values of the encodings are used (no gradient
     * flows through decoding); they, and the composed weights and tables made here in the caller's scope, must
     * outlive every state derived from the result.
     */
    public DecodeState start(Encodings enc, int[] rowSet) {
        int sets = enc.batch();
        int n = enc.points();
        int hid = architecture.hidden();
        for (int s : rowSet) {
            if (s < 0 || s >= sets) {
                throw new IllegalArgumentException("row set " + s + " out of range for " + sets + " sets");
            }
        }
        TensorOps ops = diff.ops();
        // decoding needs no gradients: compose frozen weights even when the encodings were made for training
        Folded f = fold(false);
        Tensor shared = enc.unassigned() == null
                ? ops.add(ops.full(dtype, 0.0, sets, n, hid), f.energyBias().value())
                : ops.add(enc.unassigned().value(), f.energyBias().value());
        Tensor change = n == 1 ? shared : ops.sub(shared, ops.pad(ops.slice(shared, 1, 0, n - 1), 1, 1, 0));
        Tensor table = ops.reshape(ops.concat(2, enc.projected().value(), change), sets * n, 2 * hid);
        Tensor empty = ops.reshape(ops.pad(f.clusterBias().value(), 0, 0, hid), 1, 2 * hid);
        DecodeContext context = new DecodeContext(table, empty, f, n, enc.sizes());
        int rows = rowSet.length;
        int[] sizes = new int[rows];
        int[][] labels = new int[rows][];
        for (int r = 0; r < rows; r++) {
            sizes[r] = enc.sizes()[rowSet[r]];
            labels[r] = new int[sizes[r]];
        }
        int[] clusters = new int[rows];
        Arrays.fill(clusters, 1);
        int[] layout = new int[rows * 2 + 1];
        for (int r = 0; r < rows; r++) {
            layout[2 * r] = 1 + r;
        }
        try (TensorScope scope = diff.backend().openScope()) {
            Tensor first = ops.gather(table, 0, pointIndex(context, rowSet, 0));
            Tensor input = ops.add(ops.slice(first, 1, 0, hid), f.clusterBias().value());
            Tensor code = clusterCodeOfBiased(input, f);
            Tensor opened = ops.concat(1, input, ops.neg(code));
            Tensor slots = ops.gather(ops.concat(0, empty, opened), 0, ops.fromInts(layout, layout.length));
            Tensor row = ops.pad(ops.add(ops.slice(first, 1, hid, 2 * hid), code), 1, hid, 0);
            return new DecodeState(context, rowSet.clone(), sizes, 1, labels, clusters, 2, scope.keep(slots),
                    scope.keep(row));
        }
    }

    private Tensor pointIndex(DecodeContext context, int[] rowSet, int step) {
        int[] idx = new int[rowSet.length];
        for (int r = 0; r < idx.length; r++) {
            idx[r] = rowSet[r] * context.points() + Math.min(step, context.points() - 1);
        }
        return diff.ops().fromInts(idx, idx.length);
    }

    /** g's layers after its first bias: {@code W_E,G g(H)} from {@code W_g,0 H + b_g,0}, rank 2. */
    private Tensor clusterCodeOfBiased(Tensor input, Folded f) {
        Var x = activate(2, 0, diff.constant(input), false);
        x = run(2, g, x, 1, g.layers().size() - 1, false);
        return diff.linear(x, f.fold(), f.foldBias()).value();
    }

    /** E's layers after its first bias, {@code [P, H] -> [P, 1]}. */
    private Tensor energyOfBiased(Tensor preactivation) {
        Var x = activate(3, 0, diff.constant(preactivation), false);
        return run(3, e, x, 1, e.layers().size(), false).value();
    }

    /**
     * Energies {@code [R, C]} of the next point of every row, C being the state's slot capacity; slots a row does
     * not have are +inf and a finished row holds 0 in slot 0. Costs one g and one E call on the real candidates.
     */
    @Override
    public Tensor candidateEnergies(DecodeState state) {
        return tensor(stepEnergies(state), state.rows(), state.capacity());
    }

    /**
     * {@link #candidateEnergies} on the host, row-major {@code [R, C]}. Only the {@code K_r + 1} real candidates
     * of each unfinished row are evaluated (packed into one g call and one E call), so rows with few clusters pay
     * nothing for the widest row; masking happens here on the host. Caches what {@link #advance} takes from the
     * candidates in the state.
     */
    double[] stepEnergies(DecodeState state) {
        TensorOps ops = diff.ops();
        int rows = state.rows();
        int c = state.capacity();
        int hid = architecture.hidden();
        DecodeContext ctx = state.context();
        int[] pairStart = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            pairStart[r + 1] = pairStart[r] + (state.done(r) ? 0 : state.clusters(r) + 1);
        }
        int pairs = pairStart[rows];
        int[] slot = new int[pairs];
        int[] row = new int[pairs];
        for (int r = 0; r < rows; r++) {
            for (int p = pairStart[r]; p < pairStart[r + 1]; p++) {
                row[p] = r;
                slot[p] = r * c + p - pairStart[r];
            }
        }
        double[] energies = new double[rows * c];
        Arrays.fill(energies, Double.POSITIVE_INFINITY);
        for (int r = 0; r < rows; r++) {
            if (state.done(r)) {
                energies[r * c] = 0;
            }
        }
        if (pairs == 0) {
            state.cacheCandidates(null, null, pairStart);
            return energies;
        }
        try (TensorScope scope = diff.backend().openScope()) {
            Tensor next = ops.add(ops.gather(ctx.table(), 0, pointIndex(ctx, state.rowSets(), state.step())),
                    state.shared());
            // per candidate: [g's first pre-activation after the move | E's first one without the new code]
            Tensor moved = ops.add(ops.gather(state.slots(), 0, ops.fromInts(slot, pairs)),
                    ops.gather(next, 0, ops.fromInts(row, pairs)));
            Tensor code = clusterCodeOfBiased(ops.slice(moved, 1, 0, hid), ctx.folded());
            Tensor pre = ops.add(ops.slice(moved, 1, hid, 2 * hid), code);
            double[] e = ops.toDoubles(energyOfBiased(pre));
            for (int p = 0; p < pairs; p++) {
                energies[slot[p]] = e[p];
            }
            state.cacheCandidates(scope.keep(moved), scope.keep(pre), pairStart);
        }
        return energies;
    }

    /**
     * Energies {@code [P, K + 1]}, row-major, of P other points each put where row 0 of {@code state} (K clusters)
     * would put its next point: candidate k < K joins cluster k, candidate K opens a new one. Each point is scored
     * as if inserted into row 0's set just before that next point, which with the points after it stays unassigned;
     * the P points do not see each other. {@code projected} is their {@link #projectedPoints}.
     */
    double[] insertedEnergies(DecodeState state, Tensor projected) {
        if (state.done(0)) {
            throw new IllegalStateException("row 0 has no next point to insert before");
        }
        TensorOps ops = diff.ops();
        int hid = architecture.hidden();
        int points = projected.dim(0);
        int candidates = state.clusters(0) + 1;
        try (TensorScope scope = diff.backend().openScope()) {
            // [W_g0 h(x) | E's first pre-activation of the state]: x was never among the unassigned, so its table
            // row has no change to take off
            Tensor next = ops.add(ops.pad(projected, 1, 0, hid), ops.slice(state.shared(), 0, 0, 1));
            Tensor slots = ops.slice(state.slots(), 0, 0, candidates);
            Tensor moved = ops.reshape(ops.add(ops.reshape(next, points, 1, 2 * hid),
                    ops.reshape(slots, 1, candidates, 2 * hid)), points * candidates, 2 * hid);
            Tensor code = clusterCodeOfBiased(ops.slice(moved, 1, 0, hid), state.context().folded());
            return ops.toDoubles(energyOfBiased(ops.add(ops.slice(moved, 1, hid, 2 * hid), code)));
        }
    }

    /** The state after every unfinished row r puts its next point into slot {@code actions[r]}. */
    DecodeState advance(DecodeState state, int[] actions) {
        int rows = state.rows();
        if (actions.length != rows) {
            throw new IllegalArgumentException(actions.length + " actions for " + rows + " rows");
        }
        if (state.candidatePairs() == null) {
            stepEnergies(state);
        }
        TensorOps ops = diff.ops();
        int c = state.capacity();
        int hid = architecture.hidden();
        boolean grow = false;
        int[][] labels = new int[rows][];
        int[] clusters = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = state.labelsRef(r);
            clusters[r] = state.clusters(r);
            if (state.done(r)) {
                continue;
            }
            int a = actions[r];
            if (a < 0 || a > clusters[r]) {
                throw new IllegalArgumentException("action " + a + " of row " + r + " is not in 0.." + clusters[r]);
            }
            labels[r] = labels[r].clone();
            labels[r][state.step()] = a;
            if (a == clusters[r]) {
                clusters[r]++;
                grow |= a == c - 1;
            }
        }
        if (state.moved() == null) {
            // every row was finished: nothing moves
            return new DecodeState(state.context(), state.rowSets(), state.sizesRef(), state.step() + 1, labels,
                    clusters, c, ops.mulScalar(state.slots(), 1.0), ops.mulScalar(state.shared(), 1.0));
        }
        int width = grow ? c + 1 : c;
        int[] pairStart = state.candidatePairs();
        int[] chosen = new int[rows];
        int emptyRow = rows * c;
        int[] layout = new int[rows * width + 1];
        for (int r = 0; r < rows; r++) {
            boolean moves = !state.done(r);
            chosen[r] = moves ? pairStart[r] + actions[r] : 0;
            for (int k = 0; k < width; k++) {
                layout[r * width + k] = moves && k == actions[r] ? emptyRow + 1 + r : k < c ? r * c + k : emptyRow;
            }
        }
        layout[rows * width] = emptyRow;
        try (TensorScope scope = diff.backend().openScope()) {
            Tensor pick = ops.fromInts(chosen, rows);
            // the chosen candidate's E pre-activation is the next step's shared part before the point changes
            Tensor shared = ops.pad(ops.gather(state.preactivations(), 0, pick), 1, hid, 0);
            // [g pre-activation | E pre-activation - code] - [0 | E pre-activation] = [g pre-activation | -code]
            Tensor filled = ops.sub(ops.gather(state.moved(), 0, pick), shared);
            Tensor slots = ops.gather(ops.concat(0, state.slots(), filled), 0, ops.fromInts(layout, layout.length));
            return new DecodeState(state.context(), state.rowSets(), state.sizesRef(), state.step() + 1, labels,
                    clusters, width, scope.keep(slots), scope.keep(shared));
        }
    }

    /** The given rows of {@code state} (with repetition), for beam search. */
    DecodeState select(DecodeState state, int[] rows) {
        TensorOps ops = diff.ops();
        int c = state.capacity();
        int[] sets = new int[rows.length];
        int[] sizes = new int[rows.length];
        int[][] labels = new int[rows.length][];
        int[] clusters = new int[rows.length];
        int[] layout = new int[rows.length * c + 1];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (r < 0 || r >= state.rows()) {
                throw new IllegalArgumentException("row " + r + " out of range for " + state.rows() + " rows");
            }
            sets[i] = state.rowSets()[r];
            sizes[i] = state.size(r);
            labels[i] = state.labelsRef(r);
            clusters[i] = state.clusters(r);
            for (int k = 0; k < c; k++) {
                layout[i * c + k] = r * c + k;
            }
        }
        layout[rows.length * c] = state.rows() * c;
        try (TensorScope scope = diff.backend().openScope()) {
            Tensor slots = ops.gather(state.slots(), 0, ops.fromInts(layout, layout.length));
            Tensor shared = ops.gather(state.shared(), 0, ops.fromInts(rows, rows.length));
            DecodeState next = new DecodeState(state.context(), sets, sizes, state.step(), labels, clusters, c,
                    scope.keep(slots), scope.keep(shared));
            if (state.candidatePairs() != null) {
                // carry the evaluated candidates along: row i takes the packed pairs of its source row
                int[] from = state.candidatePairs();
                int[] pairStart = new int[rows.length + 1];
                List<Integer> take = new ArrayList<>();
                for (int i = 0; i < rows.length; i++) {
                    for (int p = from[rows[i]]; p < from[rows[i] + 1]; p++) {
                        take.add(p);
                    }
                    pairStart[i + 1] = take.size();
                }
                Tensor moved = null;
                Tensor pre = null;
                if (!take.isEmpty()) {
                    int[] t = take.stream().mapToInt(Integer::intValue).toArray();
                    Tensor index = ops.fromInts(t, t.length);
                    moved = scope.keep(ops.gather(state.moved(), 0, index));
                    pre = scope.keep(ops.gather(state.preactivations(), 0, index));
                }
                next.cacheCandidates(moved, pre, pairStart);
            }
            return next;
        }
    }
}
