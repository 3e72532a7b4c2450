package org.gfncp.testkit;

import java.util.Arrays;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.spi.backend.TensorOps;

/**
 * Comparison of a backend's result with oracle values. NaN must meet NaN and an infinity the same infinity; finite
 * values must agree within {@code rtol * (1 + |expected|)}, which is relative for large values and absolute near 0.
 */
public final class TensorAssert {

    /** Default tolerance for results computed in FLOAT32. */
    public static final double FLOAT32_RTOL = 1e-5;

    /** Default tolerance for results computed in FLOAT64. */
    public static final double FLOAT64_RTOL = 1e-10;

    private TensorAssert() {
    }

    /** The default tolerance for results of {@code dtype}: exact for INT32. */
    public static double tolerance(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> FLOAT32_RTOL;
            case FLOAT64 -> FLOAT64_RTOL;
            case INT32 -> 0;
        };
    }

    /**
     * Asserts that {@code actual} has the expected shape and dtype and values close to {@code expected}.
     *
     * @throws AssertionError naming {@code what}, the first differing element and how many differ
     */
    public static void assertClose(String what, double[] expected, int[] expectedShape, DType expectedDType,
            Tensor actual, TensorOps actualOps, double rtol) {
        if (!Arrays.equals(expectedShape, actual.shape())) {
            throw new AssertionError(what + ": expected shape " + Arrays.toString(expectedShape) + " but was "
                    + Arrays.toString(actual.shape()));
        }
        if (actual.dtype() != expectedDType) {
            throw new AssertionError(what + ": expected dtype " + expectedDType + " but was " + actual.dtype());
        }
        assertValuesClose(what + " " + Arrays.toString(expectedShape), expected, actualOps.toDoubles(actual), rtol);
    }

    /** Element-wise comparison of two host arrays under the rules above. */
    public static void assertValuesClose(String what, double[] expected, double[] actual, double rtol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " elements but got " + actual.length);
        }
        int bad = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            if (!close(expected[i], actual[i], rtol)) {
                bad++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            throw new AssertionError(what + ": " + bad + " of " + expected.length + " elements differ; first at flat"
                    + " index " + first + ": expected " + expected[first] + " but was " + actual[first]
                    + " (rtol " + rtol + ")\n  expected " + preview(expected) + "\n  actual   " + preview(actual));
        }
    }

    /** Whether {@code actual} matches {@code expected} under the rules above. */
    public static boolean close(double expected, double actual, double rtol) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= rtol * (1 + Math.abs(expected));
    }

    private static String preview(double[] values) {
        int n = Math.min(values.length, 12);
        String head = Arrays.toString(Arrays.copyOf(values, n));
        return values.length > n ? head.substring(0, head.length() - 1) + ", ...]" : head;
    }
}
