package org.gfncp.spi.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The host conversions follow Java's casts, which the kernel contract adopts for INT32 and FLOAT32 results. */
class HostArraysTest {

    @Test
    void intsTruncateTowardZeroMapNaNToZeroAndSaturate() {
        assertThat(HostArrays.ints(new double[] {-2.7, 2.7, Double.NaN, 1e20, Double.NEGATIVE_INFINITY}))
                .containsExactly(-2, 2, 0, Integer.MAX_VALUE, Integer.MIN_VALUE);
        assertThat(HostArrays.ints(new float[] {-0.5f, 3.99f, Float.NaN})).containsExactly(0, 3, 0);
    }

    @Test
    void floatsRoundToNearestAndWidenExactly() {
        assertThat(HostArrays.floats(new double[] {0.1, 1e300})).containsExactly(0.1f, Float.POSITIVE_INFINITY);
        assertThat(HostArrays.floats(new int[] {16777217})).containsExactly(16777216f);
        assertThat(HostArrays.doubles(new float[] {0.1f})).containsExactly((double) 0.1f);
        assertThat(HostArrays.doubles(new int[] {-3, Integer.MAX_VALUE})).containsExactly(-3, Integer.MAX_VALUE);
    }
}
