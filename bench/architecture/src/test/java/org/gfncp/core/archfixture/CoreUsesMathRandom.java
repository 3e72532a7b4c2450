package org.gfncp.core.archfixture;

/** Breaks the determinism rule with Math.random(). */
public final class CoreUsesMathRandom {

    public double draw() {
        return Math.random();
    }
}
