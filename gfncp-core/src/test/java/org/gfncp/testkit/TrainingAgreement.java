package org.gfncp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.gfncp.spi.backend.Backend;

/** Comparisons of {@link TrainingAgreementContract}: float bit patterns and loss curves. */
public final class TrainingAgreement {

    private TrainingAgreement() {
    }

    /** The raw bit patterns of {@code values}, so that equality is bitwise (and -0.0 differs from 0.0). */
    public static int[] bits(float[] values) {
        int[] b = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = Float.floatToRawIntBits(values[i]);
        }
        return b;
    }

    /** {@code |a - b| / max(|b|, tiny)}: the relative difference of {@code a} from the reference value {@code b}. */
    public static double relativeDifference(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(b), Double.MIN_NORMAL);
    }

    /**
     * Asserts that every loss of {@code backend} is within {@link TrainingAgreementContract#toleranceAt} of the
     * reference's loss at the same iteration, and exactly equal when {@code backend} is itself the reference (it is
     * deterministic, so two instances must not differ at all).
     */
    public static void assertAgree(String model, Backend backend, double[] losses, double[] reference) {
        assertThat(losses).hasSameSizeAs(reference);
        if (TrainingAgreementContract.isReference(backend)) {
            assertThat(losses).as("%s losses of two reference instances", model).containsExactly(reference);
            return;
        }
        for (int i = 0; i < losses.length; i++) {
            assertThat(losses[i]).as("%s loss %d on %s", model, i, backend.name()).isFinite();
            double rel = relativeDifference(losses[i], reference[i]);
            assertThat(rel).as("%s loss %d on %s: %s vs reference %s (%s)", model, i, backend.name(),
                    losses[i], reference[i], curve(losses, reference))
                    .isLessThanOrEqualTo(TrainingAgreementContract.toleranceAt(i));
        }
    }

    /** Both curves with their relative differences, for failure messages. */
    static String curve(double[] losses, double[] reference) {
        StringBuilder s = new StringBuilder("iteration: loss / reference / relative difference");
        for (int i = 0; i < losses.length; i++) {
            s.append(String.format(Locale.ROOT, "%n%3d: %.9g / %.9g / %.3g", i, losses[i], reference[i],
                    relativeDifference(losses[i], reference[i])));
        }
        return s.toString();
    }
}
