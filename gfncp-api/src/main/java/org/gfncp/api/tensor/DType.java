package org.gfncp.api.tensor;

/** Element types every backend must support. Masks are floating tensors holding 0 and 1. */
public enum DType {
    FLOAT32(4),
    FLOAT64(8),
    INT32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** True for FLOAT32 and FLOAT64. */
    public boolean isFloating() {
        return this != INT32;
    }
}
