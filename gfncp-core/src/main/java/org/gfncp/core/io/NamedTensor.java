package org.gfncp.core.io;

import java.util.Arrays;

/**
 * A named float32 tensor as stored in a checkpoint (row-major).
 *
 * @param name unique within a checkpoint, e.g. {@code "model/encoder.0.weight"} or {@code "optim/m/encoder.0.weight"}
 * @param shape non-negative sizes; an empty shape is a scalar
 * @param data {@code product(shape)} values
 */
public record NamedTensor(String name, int[] shape, float[] data) {

    public NamedTensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must be non-empty");
        }
        long count = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative size in shape " + Arrays.toString(shape));
            }
            count *= s;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape) + " (" + count
                    + " values) but " + data.length + " values");
        }
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamedTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "NamedTensor[" + name + " " + Arrays.toString(shape) + "]";
    }
}
