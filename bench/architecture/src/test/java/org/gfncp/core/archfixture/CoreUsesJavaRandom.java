package org.gfncp.core.archfixture;

import java.util.Random;

/** Breaks the determinism rule with java.util.Random. */
public final class CoreUsesJavaRandom {

    public int roll() {
        return new Random(1).nextInt(6);
    }
}
