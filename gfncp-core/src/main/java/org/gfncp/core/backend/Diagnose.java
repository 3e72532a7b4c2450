package org.gfncp.core.backend;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.TensorOps;

/**
 * Command-line check of the backends on the class path: lists them with their availability, selects one by the
 * usual rules ({@link BackendSelector}), runs a small matmul + log-sum-exp whose answer is known by hand, and
 * prints timings. An optional first argument names the backend explicitly. Fails (non-zero exit) when no backend
 * can be selected or the numbers are wrong.
 */
public final class Diagnose {

    /** {@code [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]}, then log-sum-exp over each row. */
    private static final double[] EXPECTED_LSE = {22 + Math.log1p(Math.exp(-3)), 50 + Math.log1p(Math.exp(-7))};

    /** Float32 arithmetic on values near 50 is good to a few ulps, about 1e-5. */
    private static final double TOLERANCE = 1e-4;

    private static final int TIMING_SIZE = 128;
    private static final int TIMING_REPS = 20;

    private Diagnose() {
    }

    public static void main(String[] args) {
        run(args.length > 0 ? args[0] : null, BackendSelector.fromClasspath(), System.out);
    }

    /** Runs the diagnostic, writing to {@code out}; throws when selection or the sanity check fails. */
    public static void run(String configured, BackendSelector selector, PrintStream out) {
        Runtime jvm = Runtime.getRuntime();
        out.printf(Locale.ROOT, "GFNCP backend diagnostic: Java %s, %d processors, OMP_NUM_THREADS=%s%n",
                System.getProperty("java.version"), jvm.availableProcessors(),
                Objects.requireNonNullElse(System.getenv("OMP_NUM_THREADS"), "unset"));
        out.println("Discovered backends, highest priority first:");
        out.print(selector.providers().isEmpty() ? "  (none)\n" : selector.report());

        long loadStart = System.nanoTime();
        Selection selection = selector.open(configured, BackendConfig.defaults());
        long loadNanos = System.nanoTime() - loadStart;
        try (Backend backend = selection.backend()) {
            out.printf(Locale.ROOT, "Selected %s (by %s): %s, capabilities %s; loaded in %.1f ms%n",
                    backend.name(), selection.source().description(), backend.engineVersion(),
                    backend.capabilities(), loadNanos / 1e6);
            long baseline = backend.diagnostics().liveTensors();

            long sanityStart = System.nanoTime();
            double error = sanityError(backend);
            long sanityNanos = System.nanoTime() - sanityStart;
            if (!(error <= TOLERANCE)) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "Backend %s computed a wrong matmul + logSumExp: max error %.3g > %.1g",
                        backend.name(), error, TOLERANCE));
            }
            out.printf(Locale.ROOT, "Sanity: 2x2 matmul + logSumExp correct (max error %.2g) in %.2f ms%n",
                    error, sanityNanos / 1e6);

            double micros = matmulMicros(backend);
            out.printf(Locale.ROOT, "Timing: float32 matmul %dx%d x %dx%d: %.1f us/op (%d reps after warm-up)%n",
                    TIMING_SIZE, TIMING_SIZE, TIMING_SIZE, TIMING_SIZE, micros, TIMING_REPS);

            long live = backend.diagnostics().liveTensors();
            if (live != baseline) {
                throw new IllegalStateException("Backend " + backend.name() + " leaks tensors: " + live
                        + " live after closing every scope, " + baseline + " before");
            }
            out.println("Memory: every tensor released when its scope closed. OK");
        }
    }

    private static double sanityError(Backend backend) {
        TensorOps ops = backend.ops();
        try (TensorScope scope = backend.openScope()) {
            Tensor a = ops.fromFloats(new float[] {1, 2, 3, 4}, 2, 2);
            Tensor b = ops.fromFloats(new float[] {5, 6, 7, 8}, 2, 2);
            double[] lse = ops.toDoubles(ops.logSumExp(ops.matmul(a, b, false, false), 1, false));
            if (lse.length != EXPECTED_LSE.length) {
                return Double.POSITIVE_INFINITY;
            }
            double worst = 0;
            for (int i = 0; i < lse.length; i++) {
                worst = Math.max(worst, Math.abs(lse[i] - EXPECTED_LSE[i]));
            }
            return Double.isNaN(worst) ? Double.POSITIVE_INFINITY : worst;
        }
    }

    private static double matmulMicros(Backend backend) {
        TensorOps ops = backend.ops();
        try (TensorScope outer = backend.openScope()) {
            Tensor a = ops.full(DType.FLOAT32, 0.5, TIMING_SIZE, TIMING_SIZE);
            Tensor b = ops.full(DType.FLOAT32, 0.25, TIMING_SIZE, TIMING_SIZE);
            timeMatmuls(backend, a, b);
            return timeMatmuls(backend, a, b) / 1e3 / TIMING_REPS;
        }
    }

    /** Nanoseconds for {@link #TIMING_REPS} products; reading one element back makes lazy engines finish. */
    private static long timeMatmuls(Backend backend, Tensor a, Tensor b) {
        TensorOps ops = backend.ops();
        try (TensorScope reps = backend.openScope()) {
            long start = System.nanoTime();
            Tensor last = null;
            for (int i = 0; i < TIMING_REPS; i++) {
                last = ops.matmul(a, b, false, false);
            }
            ops.toDoubles(ops.slice(ops.slice(last, 0, 0, 1), 1, 0, 1));
            return System.nanoTime() - start;
        }
    }
}
