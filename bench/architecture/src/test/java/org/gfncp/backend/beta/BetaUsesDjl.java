package org.gfncp.backend.beta;

import ai.djl.archfixture.FakeNdArray;

/** Breaks engine confinement: DJL types belong to org.gfncp.backend.djl only. */
public final class BetaUsesDjl {

    public Object leak() {
        return new FakeNdArray();
    }
}
