package org.gfncp.core.nn;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Shapes;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.TensorOps;

/** Weight initializers drawn on the host from a {@link RandomStream}, so every backend starts from the same values. */
public final class Init {

    private Init() {
    }

    /** Uniform in {@code [-bound, bound)}. */
    public static Tensor uniform(TensorOps ops, DType dtype, double bound, RandomStream random, int... shape) {
        int n = checkedSize(shape);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2 * random.nextDouble() - 1) * bound;
        }
        return of(ops, dtype, v, shape);
    }

    /** PyTorch's default for Linear and Conv2d weights and biases: {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}. */
    public static Tensor fanInUniform(TensorOps ops, DType dtype, int fanIn, RandomStream random, int... shape) {
        return uniform(ops, dtype, fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0, random, shape);
    }

    /** Xavier (Glorot) uniform with PyTorch's fan computation for a tensor of at least two dimensions. */
    public static Tensor xavierUniform(TensorOps ops, DType dtype, RandomStream random, int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("xavier init needs at least 2 dimensions");
        }
        long receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        double fanIn = shape[1] * (double) receptive;
        double fanOut = shape[0] * (double) receptive;
        return uniform(ops, dtype, Math.sqrt(6.0 / (fanIn + fanOut)), random, shape);
    }

    public static Tensor constant(TensorOps ops, DType dtype, double value, int... shape) {
        return ops.full(dtype, value, shape);
    }

    static Tensor of(TensorOps ops, DType dtype, double[] v, int[] shape) {
        if (dtype == DType.FLOAT64) {
            return ops.fromDoubles(v, shape);
        }
        if (dtype != DType.FLOAT32) {
            throw new IllegalArgumentException("parameters must be FLOAT32 or FLOAT64, got " + dtype);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return ops.fromFloats(f, shape);
    }

    private static int checkedSize(int[] shape) {
        long n = Shapes.size(shape);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter too large");
        }
        return (int) n;
    }
}
