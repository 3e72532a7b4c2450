package org.gfncp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gfncp.testkit.Input.index;
import static org.gfncp.testkit.Input.indices;
import static org.gfncp.testkit.Input.mask;
import static org.gfncp.testkit.Input.positive;
import static org.gfncp.testkit.Input.real;
import static org.gfncp.testkit.Input.smallInt;
import static org.gfncp.testkit.Input.special;
import static org.gfncp.testkit.Input.values;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@link TensorOps} kernel against the reference oracle, in FLOAT32 and FLOAT64 (and INT32 where integer
 * arithmetic makes sense), including broadcasting, scalars, size-0 dimensions, negative axes and NaN/infinity.
 */
@SuppressWarnings("try")
public interface TensorOpsContract extends BackendFixture {

    /** The floating dtypes every case runs in. */
    DType[] FLOATING = {DType.FLOAT32, DType.FLOAT64};

    /** Runs each case in each dtype as its own dynamic test. */
    default Stream<DynamicTest> runCases(List<KernelCase> cases, DType... dtypes) {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes) {
            for (KernelCase c : cases) {
                tests.add(c.test(backend(), oracle(), dtype));
            }
        }
        return tests.stream();
    }

    private static int[] s(int... dims) {
        return dims;
    }

    /** Pairs of shapes that broadcast, including scalars, size-1 and size-0 dimensions. */
    static List<int[][]> broadcastPairs() {
        return List.of(
                new int[][] {s(2, 3), s(2, 3)},
                new int[][] {s(3, 1, 4), s(2, 1)},
                new int[][] {s(2, 1), s(3, 1, 4)},
                new int[][] {s(), s(2, 3)},
                new int[][] {s(2, 3), s()},
                new int[][] {s(), s()},
                new int[][] {s(1), s(5)},
                new int[][] {s(4, 1), s(1, 5)},
                new int[][] {s(0, 3), s(1, 3)},
                new int[][] {s(2, 0), s(2, 1)},
                new int[][] {s(1, 1, 3), s(2, 1, 1)},
                new int[][] {s(2, 3, 4), s(4)});
    }

    // ---- element-wise -------------------------------------------------------------------------------------

    /** The binary kernels with the input kind each needs. */
    private static List<KernelCase> binaryCases(boolean integer) {
        List<KernelCase> cases = new ArrayList<>();
        for (int[][] p : broadcastPairs()) {
            String shapes = Arrays.toString(p[0]) + " " + Arrays.toString(p[1]);
            cases.add(KernelCase.of("add " + shapes, (o, in, d) -> o.add(in[0], in[1]), kind(integer, p[0]),
                    kind(integer, p[1])));
            cases.add(KernelCase.of("sub " + shapes, (o, in, d) -> o.sub(in[0], in[1]), kind(integer, p[0]),
                    kind(integer, p[1])));
            cases.add(KernelCase.of("mul " + shapes, (o, in, d) -> o.mul(in[0], in[1]), kind(integer, p[0]),
                    kind(integer, p[1])));
            cases.add(KernelCase.of("maximum " + shapes, (o, in, d) -> o.maximum(in[0], in[1]),
                    smallInt(p[0]), smallInt(p[1])));
            cases.add(KernelCase.of("greater " + shapes, (o, in, d) -> o.greater(in[0], in[1]),
                    smallInt(p[0]), smallInt(p[1])));
            cases.add(KernelCase.of("equal " + shapes, (o, in, d) -> o.equal(in[0], in[1]),
                    smallInt(p[0]), smallInt(p[1])));
            if (!integer) {
                cases.add(KernelCase.of("div " + shapes, (o, in, d) -> o.div(in[0], in[1]), real(p[0]),
                        positive(p[1])));
                cases.add(KernelCase.of("maximum real " + shapes, (o, in, d) -> o.maximum(in[0], in[1]),
                        real(p[0]), real(p[1])));
            }
        }
        return cases;
    }

    private static Input kind(boolean integer, int[] shape) {
        return integer ? smallInt(shape) : real(shape);
    }

    @TestFactory
    default Stream<DynamicTest> binaryElementwise() {
        return runCases(binaryCases(false), FLOATING);
    }

    @TestFactory
    default Stream<DynamicTest> binaryElementwiseInt32() {
        return runCases(binaryCases(true), DType.INT32);
    }

    @TestFactory
    default Stream<DynamicTest> whereBroadcasting() {
        KernelCase.Kernel where = (o, in, d) -> o.where(in[0], in[1], in[2]);
        return runCases(List.of(
                KernelCase.of("where same shape", where, mask(3, 4), real(3, 4), real(3, 4)),
                KernelCase.of("where cond [2,1] a [2,3] b [3]", where, mask(2, 1), real(2, 3), real(3)),
                KernelCase.of("where scalar cond", where, mask(), real(2, 2), real(2, 2)),
                KernelCase.of("where cond [3,4] a [1] b [4]", where, mask(3, 4), real(1), real(4)),
                KernelCase.of("where scalar a and b", where, mask(2, 3), real(), real()),
                KernelCase.of("where size 0", where, mask(0, 3), real(1, 3), real(0, 1)),
                KernelCase.of("where special values", where, mask(4, 4), special(4, 4), special(4)),
                KernelCase.of("where non-binary cond", where, smallInt(3, 3), real(3, 3), real(3, 3))), FLOATING);
    }

    @TestFactory
    default Stream<DynamicTest> scalarKernels() {
        List<KernelCase> cases = new ArrayList<>();
        for (int[] shape : List.of(s(2, 3), s(), s(0, 2), s(1, 7))) {
            String sh = Arrays.toString(shape);
            cases.add(KernelCase.of("addScalar " + sh, (o, in, d) -> o.addScalar(in[0], 1.5), real(shape)));
            cases.add(KernelCase.of("mulScalar " + sh, (o, in, d) -> o.mulScalar(in[0], -2.5), real(shape)));
            cases.add(KernelCase.of("powScalar 2 " + sh, (o, in, d) -> o.powScalar(in[0], 2), real(shape)));
            cases.add(KernelCase.of("powScalar 3 " + sh, (o, in, d) -> o.powScalar(in[0], 3), real(shape)));
            cases.add(KernelCase.of("powScalar 0.5 " + sh, (o, in, d) -> o.powScalar(in[0], 0.5), positive(shape)));
            cases.add(KernelCase.of("powScalar -1 " + sh, (o, in, d) -> o.powScalar(in[0], -1), positive(shape)));
            cases.add(KernelCase.of("powScalar 1.7 " + sh, (o, in, d) -> o.powScalar(in[0], 1.7), positive(shape)));
        }
        return runCases(cases, FLOATING);
    }

    @TestFactory
    default Stream<DynamicTest> unaryKernels() {
        List<KernelCase> cases = new ArrayList<>();
        for (int[] shape : List.of(s(3, 4), s(), s(0), s(2, 1, 3))) {
            String sh = Arrays.toString(shape);
            cases.add(KernelCase.of("neg " + sh, (o, in, d) -> o.neg(in[0]), real(shape)));
            cases.add(KernelCase.of("exp " + sh, (o, in, d) -> o.exp(in[0]), real(shape)));
            cases.add(KernelCase.of("log " + sh, (o, in, d) -> o.log(in[0]), positive(shape)));
            cases.add(KernelCase.of("log1p " + sh, (o, in, d) -> o.log1p(in[0]), positive(shape)));
            cases.add(KernelCase.of("sqrt " + sh, (o, in, d) -> o.sqrt(in[0]), positive(shape)));
            cases.add(KernelCase.of("tanh " + sh, (o, in, d) -> o.tanh(in[0]), real(shape)));
            cases.add(KernelCase.of("sigmoid " + sh, (o, in, d) -> o.sigmoid(in[0]), real(shape)));
            cases.add(KernelCase.of("relu " + sh, (o, in, d) -> o.relu(in[0]), real(shape)));
            cases.add(KernelCase.of("abs " + sh, (o, in, d) -> o.abs(in[0]), real(shape)));
        }
        cases.add(KernelCase.of("sigmoid large magnitudes", (o, in, d) -> o.sigmoid(in[0]),
                values(new double[] {-80, -20, -1e-3, 0, 1e-3, 20, 80}, 7)));
        cases.add(KernelCase.of("log1p small", (o, in, d) -> o.log1p(in[0]),
                values(new double[] {1e-7, -1e-7, 1e-3, 0}, 4)));
        return runCases(cases, FLOATING);
    }

    // ---- NaN and infinity ---------------------------------------------------------------------------------

    @TestFactory
    default Stream<DynamicTest> nanAndInfinityPropagation() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        List<KernelCase> cases = new ArrayList<>(List.of(
                KernelCase.of("add special", (o, in, d) -> o.add(in[0], in[1]), special(6, 5), special(6, 5)),
                KernelCase.of("sub special", (o, in, d) -> o.sub(in[0], in[1]), special(6, 5), special(5)),
                KernelCase.of("mul special", (o, in, d) -> o.mul(in[0], in[1]), special(6, 5), special(6, 1)),
                KernelCase.of("div special", (o, in, d) -> o.div(in[0], in[1]), special(6, 5), special(6, 5)),
                KernelCase.of("maximum special", (o, in, d) -> o.maximum(in[0], in[1]), special(6, 5),
                        special(6, 5)),
                KernelCase.of("exp special", (o, in, d) -> o.exp(in[0]), special(6, 5)),
                KernelCase.of("log special", (o, in, d) -> o.log(in[0]), special(6, 5)),
                KernelCase.of("neg special", (o, in, d) -> o.neg(in[0]), special(6, 5)),
                KernelCase.of("abs special", (o, in, d) -> o.abs(in[0]), special(6, 5)),
                KernelCase.of("tanh special", (o, in, d) -> o.tanh(in[0]), special(6, 5)),
                KernelCase.of("sigmoid special", (o, in, d) -> o.sigmoid(in[0]), special(6, 5)),
                KernelCase.of("relu special", (o, in, d) -> o.relu(in[0]), special(6, 5)),
                KernelCase.of("sum special", (o, in, d) -> o.sum(in[0], new int[] {1}, false), special(6, 5)),
                KernelCase.of("sum special over leading axes", (o, in, d) -> o.sum(in[0], new int[] {0, 1}, true),
                        special(3, 2, 5)),
                KernelCase.of("broadcastTo special to new leading axes", (o, in, d) -> o.broadcastTo(in[0], 2, 3,
                        6, 5), special(6, 5)),
                KernelCase.of("max special", (o, in, d) -> o.max(in[0], new int[] {1}, false), special(6, 5)),
                KernelCase.of("exp of -inf and +inf", (o, in, d) -> o.exp(in[0]),
                        values(new double[] {-inf, inf, nan, 0}, 4)),
                KernelCase.of("log of 0, negative, inf", (o, in, d) -> o.log(in[0]),
                        values(new double[] {0, -1, inf, nan, 1}, 5)),
                KernelCase.of("maximum with NaN either side", (o, in, d) -> o.maximum(in[0], in[1]),
                        values(new double[] {nan, 1, nan, -inf}, 4), values(new double[] {1, nan, nan, inf}, 4)),
                KernelCase.of("greater and equal treat NaN as false",
                        (o, in, d) -> o.add(o.greater(in[0], in[1]), o.mulScalar(o.equal(in[0], in[1]), 2)),
                        values(new double[] {nan, 1, nan, inf, inf}, 5),
                        values(new double[] {1, nan, nan, inf, -inf}, 5)),
                KernelCase.of("max row of NaN", (o, in, d) -> o.max(in[0], new int[] {-1}, true),
                        values(new double[] {1, nan, 3, -inf, -inf, -inf, inf, 2, 1}, 3, 3)),
                KernelCase.of("sum with inf and -inf gives NaN", (o, in, d) -> o.sum(in[0], new int[] {1}, false),
                        values(new double[] {inf, -inf, 1, inf, 2, 3, -inf, 0, 0}, 3, 3)),
                KernelCase.of("sum down columns with inf and -inf gives NaN",
                        (o, in, d) -> o.sum(in[0], new int[] {0}, false),
                        values(new double[] {inf, -inf, 1, -inf, 2, nan, 0, 3, 0}, 3, 3)),
                KernelCase.of("logSumExp rows of -inf, +inf, NaN",
                        (o, in, d) -> o.logSumExp(in[0], 1, false),
                        values(new double[] {-inf, -inf, -inf, 0, -inf, 1, inf, 0, 1, nan, 0, 1, -inf, inf, 2},
                                5, 3)),
                KernelCase.of("logSoftmax masked row and all -inf row", (o, in, d) -> o.logSoftmax(in[0], -1),
                        values(new double[] {0, -inf, 1, -inf, -inf, -inf, 2, 3, -inf}, 3, 3)),
                KernelCase.of("cumsum through inf", (o, in, d) -> o.cumsum(in[0], 0, false),
                        values(new double[] {1, inf, 2, -inf, 3}, 5)),
                KernelCase.of("matmul with NaN and inf", (o, in, d) -> o.matmul(in[0], in[1], false, false),
                        values(new double[] {0, 1, nan, 0, inf, 0}, 3, 2), values(new double[] {0, 1, 2, 3}, 2, 2))));
        return runCases(cases, FLOATING);
    }

    // ---- reductions -----------------------------------------------------------------------------------------

    @TestFactory
    default Stream<DynamicTest> reductions() {
        List<KernelCase> cases = new ArrayList<>();
        List<int[]> axesList = List.of(s(), s(0), s(1), s(-1), s(0, 2), s(2, 0), s(-3, -1), s(0, 1, 2));
        for (int[] axes : axesList) {
            for (boolean keep : new boolean[] {false, true}) {
                String label = Arrays.toString(axes) + (keep ? " keepDims" : "");
                cases.add(KernelCase.of("sum " + label, (o, in, d) -> o.sum(in[0], axes, keep), real(2, 3, 4)));
                cases.add(KernelCase.of("max " + label, (o, in, d) -> o.max(in[0], axes, keep), real(2, 3, 4)));
            }
        }
        cases.add(KernelCase.of("sum of scalar", (o, in, d) -> o.sum(in[0], new int[0], false), real()));
        cases.add(KernelCase.of("sum long axis", (o, in, d) -> o.sum(in[0], new int[] {0}, false), real(300, 2))
                .toleranceScale(5));
        cases.add(KernelCase.of("sum over empty axis is 0", (o, in, d) -> o.sum(in[0], new int[] {1}, false),
                real(2, 0, 3)));
        cases.add(KernelCase.of("sum keeping an empty axis", (o, in, d) -> o.sum(in[0], new int[] {1}, true),
                real(0, 3)));
        cases.add(KernelCase.of("max over empty axis is -inf", (o, in, d) -> o.max(in[0], new int[] {-2}, false),
                real(2, 0, 3)));
        cases.add(KernelCase.of("max leaving an empty axis", (o, in, d) -> o.max(in[0], new int[] {1}, false),
                real(0, 3)));
        for (int axis : new int[] {0, 1, 2, -1, -2}) {
            for (boolean keep : new boolean[] {false, true}) {
                cases.add(KernelCase.of("logSumExp axis " + axis + (keep ? " keepDims" : ""),
                        (o, in, d) -> o.logSumExp(in[0], axis, keep), real(3, 4, 5)));
            }
            cases.add(KernelCase.of("logSoftmax axis " + axis, (o, in, d) -> o.logSoftmax(in[0], axis),
                    real(3, 4, 5)));
            cases.add(KernelCase.of("argmax axis " + axis, (o, in, d) -> o.argmax(in[0], axis), smallInt(3, 4, 5)));
            cases.add(KernelCase.of("argmax real axis " + axis, (o, in, d) -> o.argmax(in[0], axis), real(3, 4, 5)));
            for (boolean reverse : new boolean[] {false, true}) {
                cases.add(KernelCase.of("cumsum axis " + axis + (reverse ? " reverse" : ""),
                        (o, in, d) -> o.cumsum(in[0], axis, reverse), real(3, 4, 5)));
            }
        }
        cases.add(KernelCase.of("logSumExp large values", (o, in, d) -> o.logSumExp(in[0], 0, false),
                values(new double[] {1000, 1000, -1000, 50}, 2, 2)));
        cases.add(KernelCase.of("logSumExp over empty axis is -inf", (o, in, d) -> o.logSumExp(in[0], 1, false),
                real(3, 0)));
        cases.add(KernelCase.of("logSumExp of vector", (o, in, d) -> o.logSumExp(in[0], 0, true), real(7)));
        cases.add(KernelCase.of("logSoftmax of vector", (o, in, d) -> o.logSoftmax(in[0], 0), real(7)));
        cases.add(KernelCase.of("logSoftmax size 0", (o, in, d) -> o.logSoftmax(in[0], 1), real(0, 4)));
        cases.add(KernelCase.of("argmax ties take the first", (o, in, d) -> o.argmax(in[0], 1),
                values(new double[] {1, 3, 3, 2, 5, 5, 5, 5, 0, 0, -1, 0}, 3, 4)));
        cases.add(KernelCase.of("argmax of -inf row", (o, in, d) -> o.argmax(in[0], 0),
                values(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 2)));
        cases.add(KernelCase.of("argmax leaving an empty axis", (o, in, d) -> o.argmax(in[0], 1), real(0, 3)));
        cases.add(KernelCase.of("cumsum size 0", (o, in, d) -> o.cumsum(in[0], 0, true), real(0, 3)));
        cases.add(KernelCase.of("cumsum of vector reverse", (o, in, d) -> o.cumsum(in[0], -1, true), real(9)));
        return runCases(cases, FLOATING);
    }

    @TestFactory
    default Stream<DynamicTest> integerReductions() {
        return runCases(List.of(
                KernelCase.of("sum int", (o, in, d) -> o.sum(in[0], new int[] {0, 2}, false), smallInt(3, 4, 5)),
                KernelCase.of("max int", (o, in, d) -> o.max(in[0], new int[] {-1}, true), smallInt(3, 4, 5)),
                KernelCase.of("argmax int", (o, in, d) -> o.argmax(in[0], 1), smallInt(3, 4, 5)),
                KernelCase.of("cumsum int", (o, in, d) -> o.cumsum(in[0], 1, true), smallInt(3, 4, 5))),
                DType.INT32);
    }

    // ---- linear algebra -------------------------------------------------------------------------------------

    @TestFactory
    default Stream<DynamicTest> matmulAllForms() {
        List<KernelCase> cases = new ArrayList<>();
        int m = 3;
        int k = 4;
        int n = 5;
        List<int[]> batches = List.of(s(), s(2), s(2, 3));
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                String flags = (ta ? "A^T" : "A") + " x " + (tb ? "B^T" : "B");
                for (int[] batch : batches) {
                    int[] sa = concatDims(batch, ta ? s(k, m) : s(m, k));
                    int[] sb = concatDims(batch, tb ? s(n, k) : s(k, n));
                    cases.add(KernelCase.of("matmul " + flags + " batch " + Arrays.toString(batch),
                            (o, in, d) -> o.matmul(in[0], in[1], ta, tb), real(sa), real(sb)));
                    if (batch.length > 0) {
                        cases.add(KernelCase.of("matmul " + flags + " batch " + Arrays.toString(batch)
                                + " shared b", (o, in, d) -> o.matmul(in[0], in[1], ta, tb), real(sa),
                                real(tb ? s(n, k) : s(k, n))));
                    }
                }
                cases.add(KernelCase.of("matmul " + flags + " inner size 0",
                        (o, in, d) -> o.matmul(in[0], in[1], ta, tb), real(ta ? s(0, m) : s(m, 0)),
                        real(tb ? s(n, 0) : s(0, n))));
                cases.add(KernelCase.of("matmul " + flags + " rows size 0",
                        (o, in, d) -> o.matmul(in[0], in[1], ta, tb), real(ta ? s(k, 0) : s(0, k)),
                        real(tb ? s(n, k) : s(k, n))));
                cases.add(KernelCase.of("matmul " + flags + " vectors as 1xk", (o, in, d) ->
                        o.matmul(in[0], in[1], ta, tb), real(ta ? s(k, 1) : s(1, k)), real(tb ? s(1, k) : s(k, 1))));
            }
        }
        cases.add(KernelCase.of("matmul larger", (o, in, d) -> o.matmul(in[0], in[1], false, false), real(17, 64),
                real(64, 33)).toleranceScale(10));
        return runCases(cases, FLOATING);
    }

    /** The fused dense layer equals {@code matmul(x, w^T) + bias}, for any leading dimensions of x. */
    @TestFactory
    default Stream<DynamicTest> linearLayer() {
        List<KernelCase> cases = new ArrayList<>();
        for (int[] sx : List.of(s(3, 4), s(2, 3, 4), s(0, 4), s(1, 4))) {
            String sh = Arrays.toString(sx);
            cases.add(KernelCase.of("linear x " + sh + " with bias", (o, in, d) -> o.linear(in[0], in[1], in[2]),
                    real(sx), real(5, 4), real(5)));
            cases.add(KernelCase.of("linear x " + sh + " without bias", (o, in, d) -> o.linear(in[0], in[1], null),
                    real(sx), real(5, 4)));
        }
        cases.add(KernelCase.of("linear larger", (o, in, d) -> o.linear(in[0], in[1], in[2]), real(33, 64),
                real(17, 64), real(17)).toleranceScale(10));
        cases.add(KernelCase.of("linear with NaN and inf", (o, in, d) -> o.linear(in[0], in[1], in[2]),
                special(6, 5), real(3, 5), special(3)));
        return runCases(cases, FLOATING);
    }

    /** The ReLU gradient from the ReLU's output, whose exact zeros must block the gradient. */
    @TestFactory
    default Stream<DynamicTest> reluBackwardKernel() {
        List<KernelCase> cases = new ArrayList<>();
        for (int[] shape : List.of(s(3, 4), s(), s(0), s(2, 1, 3))) {
            cases.add(KernelCase.of("reluBackward " + Arrays.toString(shape),
                    (o, in, d) -> o.reluBackward(o.relu(in[0]), in[1]), real(shape), real(shape)));
        }
        cases.add(KernelCase.of("reluBackward at exact zeros and tiny outputs",
                (o, in, d) -> o.reluBackward(in[0], in[1]),
                values(new double[] {0, 1e-30, 0, 3, 1e-300, 0}, 6),
                values(new double[] {5, -2, -7, 1.5, 4, 1e30}, 6)));
        return runCases(cases, FLOATING);
    }

    private static int[] concatDims(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @TestFactory
    default Stream<DynamicTest> im2colAndCol2im() {
        List<KernelCase> cases = new ArrayList<>();
        // {N, C, H, W, kh, kw, stride, pad}
        int[][] configs = {
            {2, 3, 5, 5, 3, 3, 1, 0}, {2, 3, 5, 5, 3, 3, 2, 1}, {1, 2, 4, 6, 2, 2, 2, 0}, {1, 1, 4, 4, 1, 1, 1, 0},
            {2, 2, 6, 5, 3, 2, 1, 1}, {1, 2, 7, 7, 3, 3, 2, 0}, {1, 1, 3, 3, 3, 3, 1, 2}, {0, 2, 4, 4, 2, 2, 1, 0}};
        for (int[] c : configs) {
            String label = "N=" + c[0] + " C=" + c[1] + " " + c[2] + "x" + c[3] + " k=" + c[4] + "x" + c[5]
                    + " stride " + c[6] + " pad " + c[7];
            int outH = (c[2] + 2 * c[7] - c[4]) / c[6] + 1;
            int outW = (c[3] + 2 * c[7] - c[5]) / c[6] + 1;
            cases.add(KernelCase.of("im2col " + label, (o, in, d) -> o.im2col(in[0], c[4], c[5], c[6], c[7]),
                    real(c[0], c[1], c[2], c[3])));
            cases.add(KernelCase.of("col2im " + label,
                    (o, in, d) -> o.col2im(in[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]),
                    real(c[0], c[1] * c[4] * c[5], outH * outW)));
        }
        return runCases(cases, FLOATING);
    }

    /** im2col and col2im are adjoint: {@code <im2col(x), c> == <x, col2im(c)>}, checked on the backend alone. */
    @TestFactory
    default Stream<DynamicTest> im2colCol2imAdjoint() {
        int[][] configs = {{2, 3, 5, 5, 3, 3, 1, 0}, {2, 3, 5, 5, 3, 3, 2, 1}, {1, 2, 6, 7, 2, 3, 2, 1}};
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : FLOATING) {
            for (int[] c : configs) {
                tests.add(DynamicTest.dynamicTest("adjoint " + Arrays.toString(c) + " [" + dtype + "]", () -> {
                    TensorOps ops = backend().ops();
                    int outH = (c[2] + 2 * c[7] - c[4]) / c[6] + 1;
                    int outW = (c[3] + 2 * c[7] - c[5]) / c[6] + 1;
                    try (TensorScope scope = backend().openScope()) {
                        Tensor x = ops.cast(ops.fromDoubles(Generated.reals(c[0] * c[1] * c[2] * c[3], 11),
                                c[0], c[1], c[2], c[3]), dtype);
                        int colSize = c[0] * c[1] * c[4] * c[5] * outH * outW;
                        Tensor cols = ops.cast(ops.fromDoubles(Generated.reals(colSize, 12),
                                c[0], c[1] * c[4] * c[5], outH * outW), dtype);
                        double lhs = Generated.dot(ops.toDoubles(ops.im2col(x, c[4], c[5], c[6], c[7])),
                                ops.toDoubles(cols));
                        double rhs = Generated.dot(ops.toDoubles(x),
                                ops.toDoubles(ops.col2im(cols, c[1], c[2], c[3], c[4], c[5], c[6], c[7])));
                        assertThat(TensorAssert.close(lhs, rhs, TensorAssert.tolerance(dtype) * 10))
                                .as("<im2col(x), c> = %s but <x, col2im(c)> = %s", lhs, rhs).isTrue();
                    }
                }));
            }
        }
        return tests.stream();
    }

    // ---- shape ----------------------------------------------------------------------------------------------

    @TestFactory
    default Stream<DynamicTest> shapeKernels() {
        List<KernelCase> cases = new ArrayList<>(List.of(
                KernelCase.of("reshape [2,3,4] to [6,-1]", (o, in, d) -> o.reshape(in[0], 6, -1), real(2, 3, 4)),
                KernelCase.of("reshape [2,3,4] to [-1]", (o, in, d) -> o.reshape(in[0], -1), real(2, 3, 4)),
                KernelCase.of("reshape scalar to [1,1]", (o, in, d) -> o.reshape(in[0], 1, 1), real()),
                KernelCase.of("reshape [1] to scalar", (o, in, d) -> o.reshape(in[0]), real(1)),
                KernelCase.of("reshape [0,3] to [3,0]", (o, in, d) -> o.reshape(in[0], 3, 0), real(0, 3)),
                KernelCase.of("permute [2,3,4] (2,0,1)", (o, in, d) -> o.permute(in[0], 2, 0, 1), real(2, 3, 4)),
                KernelCase.of("permute [2,3,4] (1,0,2)", (o, in, d) -> o.permute(in[0], 1, 0, 2), real(2, 3, 4)),
                KernelCase.of("permute transpose", (o, in, d) -> o.permute(in[0], 1, 0), real(5, 3)),
                KernelCase.of("permute rank 4", (o, in, d) -> o.permute(in[0], 3, 1, 0, 2), real(2, 3, 1, 4)),
                KernelCase.of("permute size 0", (o, in, d) -> o.permute(in[0], 1, 0), real(0, 3)),
                KernelCase.of("permute identity", (o, in, d) -> o.permute(in[0], 0, 1), real(2, 2)),
                KernelCase.of("broadcastTo [3,1] to [2,3,4]", (o, in, d) -> o.broadcastTo(in[0], 2, 3, 4),
                        real(3, 1)),
                KernelCase.of("broadcastTo scalar to [2,2]", (o, in, d) -> o.broadcastTo(in[0], 2, 2), real()),
                KernelCase.of("broadcastTo [1] to [0]", (o, in, d) -> o.broadcastTo(in[0], 0), real(1)),
                KernelCase.of("broadcastTo same shape", (o, in, d) -> o.broadcastTo(in[0], 2, 3), real(2, 3)),
                KernelCase.of("broadcastTo [4] to [3,4]", (o, in, d) -> o.broadcastTo(in[0], 3, 4), real(4)),
                KernelCase.of("concat axis 0", (o, in, d) -> o.concat(0, in[0], in[1], in[2]), real(2, 3),
                        real(1, 3), real(4, 3)),
                KernelCase.of("concat axis 1", (o, in, d) -> o.concat(1, in[0], in[1]), real(2, 3, 2),
                        real(2, 1, 2)),
                KernelCase.of("concat axis -1", (o, in, d) -> o.concat(-1, in[0], in[1]), real(2, 3, 2),
                        real(2, 3, 5)),
                KernelCase.of("concat with a size-0 part", (o, in, d) -> o.concat(0, in[0], in[1]), real(0, 3),
                        real(2, 3)),
                KernelCase.of("concat one part", (o, in, d) -> o.concat(0, in[0]), real(2, 3)),
                KernelCase.of("concat vectors", (o, in, d) -> o.concat(0, in[0], in[1]), real(3), real(4)),
                KernelCase.of("slice axis 0", (o, in, d) -> o.slice(in[0], 0, 1, 3), real(4, 3)),
                KernelCase.of("slice axis 1", (o, in, d) -> o.slice(in[0], 1, 2, 5), real(2, 6, 3)),
                KernelCase.of("slice axis -1", (o, in, d) -> o.slice(in[0], -1, 0, 2), real(2, 6, 3)),
                KernelCase.of("slice empty", (o, in, d) -> o.slice(in[0], 1, 2, 2), real(2, 6)),
                KernelCase.of("slice whole", (o, in, d) -> o.slice(in[0], 0, 0, 4), real(4, 2)),
                KernelCase.of("pad axis 0", (o, in, d) -> o.pad(in[0], 0, 1, 2), real(2, 3)),
                KernelCase.of("pad axis -1", (o, in, d) -> o.pad(in[0], -1, 0, 3), real(2, 3, 2)),
                KernelCase.of("pad middle axis", (o, in, d) -> o.pad(in[0], 1, 2, 0), real(2, 3, 2)),
                KernelCase.of("pad nothing", (o, in, d) -> o.pad(in[0], 0, 0, 0), real(3)),
                KernelCase.of("pad size 0", (o, in, d) -> o.pad(in[0], 0, 1, 1), real(0, 2)),
                KernelCase.of("pad then slice is identity",
                        (o, in, d) -> o.slice(o.pad(in[0], 1, 2, 3), 1, 2, 5), real(2, 3, 4))));
        return runCases(cases, FLOATING);
    }

    // ---- indexing -------------------------------------------------------------------------------------------

    @TestFactory
    default Stream<DynamicTest> indexingKernels() {
        List<KernelCase> cases = new ArrayList<>();
        int[] shape = {4, 5, 3};
        for (int axis : new int[] {0, 1, 2, -1, -2}) {
            int dim = shape[axis < 0 ? axis + 3 : axis];
            cases.add(KernelCase.of("gather axis " + axis + " with duplicates",
                    (o, in, d) -> o.gather(in[0], axis, in[1]), real(shape), indices(dim - 1, 0, dim - 1, 1, 1)));
            cases.add(KernelCase.of("gather axis " + axis + " random",
                    (o, in, d) -> o.gather(in[0], axis, in[1]), real(shape), index(dim, 7)));
            cases.add(KernelCase.of("gather axis " + axis + " empty index",
                    (o, in, d) -> o.gather(in[0], axis, in[1]), real(shape), indices()));
            int[] src = shape.clone();
            src[axis < 0 ? axis + 3 : axis] = 6;
            cases.add(KernelCase.of("scatterAdd axis " + axis + " with duplicates",
                    (o, in, d) -> o.scatterAdd(in[0], axis, in[1], dim), real(src),
                    indices(0, dim - 1, 0, 0, 1, dim - 1)));
            cases.add(KernelCase.of("scatterAdd axis " + axis + " random",
                    (o, in, d) -> o.scatterAdd(in[0], axis, in[1], dim + 2), real(src), index(dim + 2, 6)));
            cases.add(KernelCase.of("gather then scatterAdd axis " + axis,
                    (o, in, d) -> o.scatterAdd(o.gather(in[0], axis, in[1]), axis, in[1], dim), real(shape),
                    indices(1, 1, 0, dim - 1)));
        }
        cases.add(KernelCase.of("gather of vector", (o, in, d) -> o.gather(in[0], 0, in[1]), real(6),
                indices(5, 0, 5, 2)));
        cases.add(KernelCase.of("scatterAdd into size 0 rows", (o, in, d) -> o.scatterAdd(in[0], 1, in[1], 3),
                real(0, 2), indices(2, 2)));
        cases.add(KernelCase.of("scatterAdd of nothing", (o, in, d) -> o.scatterAdd(in[0], 0, in[1], 4), real(0, 2),
                indices()));
        cases.add(KernelCase.of("oneHot vector", (o, in, d) -> o.oneHot(in[0], 4, d), indices(0, 3, 1, 1, 2)));
        cases.add(KernelCase.of("oneHot out of range gives zero rows", (o, in, d) -> o.oneHot(in[0], 4, d),
                indices(-1, 4, 2, 100, 0)));
        cases.add(KernelCase.of("oneHot rank 2", (o, in, d) -> o.oneHot(o.reshape(in[0], 2, 3), 5, d),
                index(5, 6)));
        cases.add(KernelCase.of("oneHot scalar", (o, in, d) -> o.oneHot(o.reshape(in[0]), 3, d), indices(2)));
        cases.add(KernelCase.of("oneHot empty", (o, in, d) -> o.oneHot(in[0], 3, d), indices()));
        cases.add(KernelCase.of("oneHot depth 0", (o, in, d) -> o.oneHot(in[0], 0, d), indices(0, 1)));
        return runCases(cases, FLOATING);
    }

    @TestFactory
    default Stream<DynamicTest> integerShapeAndIndexing() {
        return runCases(List.of(
                KernelCase.of("gather int", (o, in, d) -> o.gather(in[0], 1, in[1]), smallInt(3, 4), indices(3, 0, 3)),
                KernelCase.of("concat int", (o, in, d) -> o.concat(0, in[0], in[1]), smallInt(2, 3), smallInt(1, 3)),
                KernelCase.of("permute int", (o, in, d) -> o.permute(in[0], 1, 0), smallInt(2, 3)),
                KernelCase.of("slice int", (o, in, d) -> o.slice(in[0], 1, 1, 3), smallInt(2, 4)),
                KernelCase.of("pad int", (o, in, d) -> o.pad(in[0], 0, 1, 1), smallInt(2, 2)),
                KernelCase.of("reshape int", (o, in, d) -> o.reshape(in[0], 4, -1), smallInt(2, 2, 2)),
                KernelCase.of("broadcastTo int", (o, in, d) -> o.broadcastTo(in[0], 3, 2), smallInt(2)),
                KernelCase.of("where int", (o, in, d) -> o.where(in[0], in[1], in[2]), smallInt(2, 3), smallInt(3),
                        smallInt(2, 1))),
                DType.INT32);
    }

    // ---- host transfer and cast ---------------------------------------------------------------------------

    /** Shapes used for host round trips, including scalars and size-0 dimensions. */
    private static List<int[]> roundTripShapes() {
        return List.of(s(), s(0), s(1), s(5), s(2, 3), s(2, 0, 3), s(2, 3, 4));
    }

    @TestFactory
    default Stream<DynamicTest> hostRoundTrips() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int[] shape : roundTripShapes()) {
            int n = (int) org.gfncp.api.tensor.Shapes.size(shape);
            String sh = Arrays.toString(shape);
            tests.add(DynamicTest.dynamicTest("floats round trip " + sh, () -> {
                float[] data = Generated.floats(n, 21);
                try (TensorScope scope = backend().openScope()) {
                    Tensor t = backend().ops().fromFloats(data, shape);
                    assertThat(t.shape()).containsExactly(shape);
                    assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
                    assertThat(backend().ops().toFloats(t)).containsExactly(data);
                    double[] asDoubles = backend().ops().toDoubles(t);
                    for (int i = 0; i < n; i++) {
                        assertThat(asDoubles[i]).isEqualTo(data[i]);
                    }
                }
            }));
            tests.add(DynamicTest.dynamicTest("doubles round trip " + sh, () -> {
                double[] data = Generated.reals(n, 22);
                try (TensorScope scope = backend().openScope()) {
                    Tensor t = backend().ops().fromDoubles(data, shape);
                    assertThat(t.shape()).containsExactly(shape);
                    assertThat(t.dtype()).isEqualTo(DType.FLOAT64);
                    assertThat(backend().ops().toDoubles(t)).containsExactly(data);
                    float[] asFloats = backend().ops().toFloats(t);
                    for (int i = 0; i < n; i++) {
                        assertThat(asFloats[i]).isEqualTo((float) data[i]);
                    }
                }
            }));
            tests.add(DynamicTest.dynamicTest("ints round trip " + sh, () -> {
                int[] data = Generated.ints(n, 23);
                try (TensorScope scope = backend().openScope()) {
                    Tensor t = backend().ops().fromInts(data, shape);
                    assertThat(t.shape()).containsExactly(shape);
                    assertThat(t.dtype()).isEqualTo(DType.INT32);
                    assertThat(backend().ops().toInts(t)).containsExactly(data);
                    double[] asDoubles = backend().ops().toDoubles(t);
                    for (int i = 0; i < n; i++) {
                        assertThat(asDoubles[i]).isEqualTo(data[i]);
                    }
                }
            }));
            for (DType dtype : DType.values()) {
                tests.add(DynamicTest.dynamicTest("full " + dtype + " " + sh, () -> {
                    try (TensorScope scope = backend().openScope()) {
                        Tensor t = backend().ops().full(dtype, -2.0, shape);
                        assertThat(t.shape()).containsExactly(shape);
                        assertThat(t.dtype()).isEqualTo(dtype);
                        double[] values = backend().ops().toDoubles(t);
                        assertThat(values).hasSize(n);
                        for (double v : values) {
                            assertThat(v).isEqualTo(-2.0);
                        }
                    }
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("full FLOAT32 rounds to float", () -> {
            try (TensorScope scope = backend().openScope()) {
                Tensor t = backend().ops().full(DType.FLOAT32, 0.1, 2);
                assertThat(backend().ops().toDoubles(t)).containsExactly((float) 0.1, (float) 0.1);
            }
        }));
        tests.add(DynamicTest.dynamicTest("toInts truncates toward zero", () -> {
            try (TensorScope scope = backend().openScope()) {
                Tensor t = backend().ops().fromDoubles(new double[] {-2.7, -0.5, 0.5, 2.7, 3}, 5);
                assertThat(backend().ops().toInts(t)).containsExactly(-2, 0, 0, 2, 3);
            }
        }));
        return tests.stream();
    }

    @TestFactory
    default Stream<DynamicTest> castBetweenAllDTypes() {
        double[] source = {-2.75, -1.5, -0.25, 0, 0.1, 1.5, 2.75, 1e8 + 0.3};
        List<DynamicTest> tests = new ArrayList<>();
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                tests.add(DynamicTest.dynamicTest("cast " + from + " to " + to, () -> {
                    double[] stored = new double[source.length];
                    for (int i = 0; i < stored.length; i++) {
                        stored[i] = store(source[i], from);
                    }
                    double[] expected = new double[source.length];
                    for (int i = 0; i < expected.length; i++) {
                        expected[i] = store(stored[i], to);
                    }
                    try (TensorScope scope = backend().openScope()) {
                        TensorOps ops = backend().ops();
                        Tensor t = switch (from) {
                            case FLOAT32 -> ops.fromFloats(Generated.toFloats(stored), 2, 4);
                            case FLOAT64 -> ops.fromDoubles(stored, 2, 4);
                            case INT32 -> ops.fromInts(Generated.toInts(stored), 2, 4);
                        };
                        Tensor c = ops.cast(t, to);
                        TensorAssert.assertClose("cast " + from + " to " + to, expected, s(2, 4), to, c, ops, 0);
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static double store(double v, DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
            case INT32 -> (int) v;
        };
    }

    // ---- scope attachment and immutability -----------------------------------------------------------------

    @Test
    default void resultsAttachToTheInnermostScope() {
        TensorOps ops = backend().ops();
        try (TensorScope outer = backend().openScope()) {
            Tensor a = ops.full(DType.FLOAT32, 1, 2, 2);
            Tensor kept;
            try (TensorScope inner = backend().openScope()) {
                Tensor b = ops.add(a, a);
                assertThat(inner.owned()).isEqualTo(1);
                assertThat(outer.owned()).isEqualTo(1);
                kept = inner.keep(ops.exp(b));
                assertThat(b.isClosed()).isFalse();
            }
            assertThat(a.isClosed()).isFalse();
            assertThat(kept.isClosed()).isFalse();
            assertThat(outer.owned()).isEqualTo(2);
            TensorAssert.assertValuesClose("exp(1 + 1)", new double[] {Math.exp(2), Math.exp(2), Math.exp(2),
                    Math.exp(2)}, ops.toDoubles(kept), TensorAssert.FLOAT32_RTOL);
        }
    }

    // ---- input validation -----------------------------------------------------------------------------------

    /** Clearly invalid calls fail with a RuntimeException carrying a message, never silently. */
    @TestFactory
    default Stream<DynamicTest> rejectsInvalidInput() {
        List<Object[]> calls = List.of(
                new Object[] {"add of [2,3] and [4,5]",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) -> o.add(o.full(d, 1, 2, 3), o.full(d, 1, 4, 5))},
                new Object[] {"mul of [3] and [4]",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) -> o.mul(o.full(d, 1, 3), o.full(d, 1, 4))},
                new Object[] {"matmul inner dimensions 3 and 4",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) ->
                        o.matmul(o.full(d, 1, 2, 3), o.full(d, 1, 4, 5), false, false)},
                new Object[] {"matmul batch dimensions 2 and 3",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) ->
                        o.matmul(o.full(d, 1, 2, 2, 3), o.full(d, 1, 3, 3, 5), false, false)},
                new Object[] {"gather index out of range",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) ->
                        o.gather(o.full(d, 1, 3, 2), 0, o.fromInts(new int[] {0, 3}, 2))},
                new Object[] {"concat of [2,3] and [2,4] on axis 0",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) ->
                        o.concat(0, o.full(d, 1, 2, 3), o.full(d, 1, 2, 4))},
                new Object[] {"reshape of 6 elements to [4]",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) -> o.reshape(o.full(d, 1, 2, 3), 4)},
                new Object[] {"broadcastTo [3] to [2,4]",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) -> o.broadcastTo(o.full(d, 1, 3), 2, 4)},
                new Object[] {"sum over axis 2 of a rank-2 tensor",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) -> o.sum(o.full(d, 1, 2, 3), new int[] {2}, false)},
                new Object[] {"slice past the end",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) -> o.slice(o.full(d, 1, 2, 3), 1, 1, 4)},
                new Object[] {"linear with w [4, 5] for x [2, 3]",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) -> o.linear(o.full(d, 1, 2, 3), o.full(d, 1, 4, 5),
                            null)},
                new Object[] {"linear with bias [3] for w [4, 3]",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) -> o.linear(o.full(d, 1, 2, 3), o.full(d, 1, 4, 3),
                            o.full(d, 1, 3))},
                new Object[] {"reluBackward of [2,3] and [3]",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) -> o.reluBackward(o.full(d, 1, 2, 3), o.full(d, 1, 3))},
                new Object[] {"fromDoubles with too few values",
                    (BiFunction<TensorOps, DType, Tensor>) (o, d) -> o.fromDoubles(new double[] {1, 2}, 3)});
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : FLOATING) {
            for (Object[] call : calls) {
                @SuppressWarnings("unchecked")
                BiFunction<TensorOps, DType, Tensor> f = (BiFunction<TensorOps, DType, Tensor>) call[1];
                tests.add(DynamicTest.dynamicTest("rejects " + call[0] + " [" + dtype + "]", () -> {
                    try (TensorScope scope = backend().openScope()) {
                        assertThatThrownBy(() -> f.apply(backend().ops(), dtype))
                                .isInstanceOf(RuntimeException.class)
                                .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
                    }
                }));
            }
        }
        return tests.stream();
    }
}
