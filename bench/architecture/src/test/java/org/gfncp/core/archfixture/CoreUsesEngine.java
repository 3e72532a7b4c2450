package org.gfncp.core.archfixture;

import ai.djl.archfixture.FakeNdArray;

/** Breaks the engine-free rule by touching an ai.djl type. */
public final class CoreUsesEngine {

    public Object wrap() {
        return new FakeNdArray();
    }
}
