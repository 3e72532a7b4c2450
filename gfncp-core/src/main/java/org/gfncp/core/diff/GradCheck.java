package org.gfncp.core.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.TensorOps;

/**
 * Compares the tape's gradients with central finite differences in FLOAT64. A non-scalar output is contracted
 * with fixed random weights first, so every output element contributes a distinct upstream gradient.
 */
public final class GradCheck {

    /**
     * The comparison.
     *
     * @param maxError the largest {@code |analytic - numeric| / max(1, |numeric|)}
     * @param worstInput index of the input holding the worst element
     * @param worstElement flat index of that element
     * @param analytic the tape's value there
     * @param numeric the finite-difference value there
     * @param checked number of elements compared
     */
    public record Result(double maxError, int worstInput, int worstElement, double analytic, double numeric,
                         int checked) {

        public boolean within(double tolerance) {
            return maxError <= tolerance;
        }

        @Override
        public String toString() {
            return String.format("max error %.3g at input %d element %d (tape %.8g, finite differences %.8g), %d"
                    + " elements", maxError, worstInput, worstElement, analytic, numeric, checked);
        }
    }

    private GradCheck() {
    }

    /**
     * Checks {@code f} at {@code inputs} (FLOAT64 tensors, not modified) with step {@code eps}. The inputs are
     * wrapped as parameters; all work happens in a scope of its own, so nothing outlives the call.
     */
    public static Result check(Diff diff, Function<List<Var>, Var> f, List<Tensor> inputs, double eps) {
        List<Parameter> params = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            params.add(new Parameter("input" + i, inputs.get(i)));
        }
        List<Var> args = List.copyOf(params);
        // Perturbations swap a parameter's value and swap the original back, so the inputs are never modified.
        return checkParameters(diff, () -> f.apply(args), params, eps);
    }

    /**
     * Checks the gradient of {@code f} (re-evaluated for every perturbation, so it must read the parameters'
     * current values) with respect to {@code params}, whose values must be FLOAT64. Each parameter value is
     * restored after its perturbations; nothing outlives the call.
     */
    public static Result checkParameters(Diff diff, Supplier<Var> f, List<Parameter> params, double eps) {
        TensorOps ops = diff.ops();
        for (Parameter p : params) {
            if (p.value().dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradient checks run in FLOAT64, got " + p.value().dtype() + " for " + p.name());
            }
        }
        try (TensorScope scope = diff.backend().openScope()) {
            Var probe = f.get();
            Tensor weights = null;
            if (probe.value().size() != 1) {
                RandomStream random = new RandomStream(0x5eed);
                double[] w = new double[(int) probe.value().size()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = random.nextDouble() * 2 - 1;
                }
                weights = ops.fromDoubles(w, probe.shape());
            }
            Gradients grads = diff.backward(contract(diff, probe, weights));
            Tensor fixed = weights;
            double worst = -1;
            int worstInput = -1;
            int worstElement = -1;
            double worstA = 0;
            double worstN = 0;
            int checked = 0;
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                Tensor gi = grads.get(p);
                double[] x = ops.toDoubles(p.value());
                double[] analytic = gi == null ? new double[x.length] : ops.toDoubles(gi);
                int[] shape = p.value().shape();
                for (int j = 0; j < x.length; j++) {
                    double[] values = new double[2];
                    for (int side = 0; side < 2; side++) {
                        double[] moved = Arrays.copyOf(x, x.length);
                        moved[j] += side == 0 ? eps : -eps;
                        try (TensorScope eval = diff.backend().openScope()) {
                            Tensor original = p.swap(ops.fromDoubles(moved, shape));
                            try {
                                values[side] = ops.toDoubles(contract(diff, f.get(), fixed).value())[0];
                            } finally {
                                p.swap(original);
                            }
                        }
                    }
                    double numeric = (values[0] - values[1]) / (2 * eps);
                    double err = Math.abs(analytic[j] - numeric) / Math.max(1, Math.abs(numeric));
                    if (Double.isNaN(err)) {
                        err = Double.POSITIVE_INFINITY;
                    }
                    checked++;
                    if (err > worst) {
                        worst = err;
                        worstInput = i;
                        worstElement = j;
                        worstA = analytic[j];
                        worstN = numeric;
                    }
                }
            }
            return new Result(Math.max(worst, 0), worstInput, worstElement, worstA, worstN, checked);
        }
    }

    private static Var contract(Diff diff, Var y, Tensor weights) {
        return weights == null ? diff.sum(y) : diff.sum(diff.mul(y, diff.constant(weights)));
    }
}
