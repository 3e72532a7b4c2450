package org.gfncp.testkit;

import java.util.Arrays;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.DynamicTest;

/**
 * One kernel invocation checked against the oracle: inputs are generated from a seed derived from the case name,
 * rounded to the case's dtype, fed to both backends (the oracle in FLOAT64), and the results compared. The check
 * also verifies that the kernel left its inputs unchanged.
 */
public final class KernelCase {

    /** The computation under test; {@code dtype} is the case's dtype (FLOAT64 on the oracle). */
    @FunctionalInterface
    public interface Kernel {
        Tensor apply(TensorOps ops, Tensor[] in, DType dtype);
    }

    private final String name;
    private final Kernel kernel;
    private final Input[] inputs;
    private DType resultDType;
    private double toleranceScale = 1;

    private KernelCase(String name, Kernel kernel, Input[] inputs) {
        this.name = name;
        this.kernel = kernel;
        this.inputs = inputs.clone();
    }

    public static KernelCase of(String name, Kernel kernel, Input... inputs) {
        return new KernelCase(name, kernel, inputs);
    }

    /** Overrides the expected result dtype (by default INT32 when the oracle gives INT32, else the case's dtype). */
    public KernelCase resultDType(DType dtype) {
        this.resultDType = dtype;
        return this;
    }

    /** Multiplies the default tolerance, for kernels that sum many terms. */
    public KernelCase toleranceScale(double scale) {
        this.toleranceScale = scale;
        return this;
    }

    public String name() {
        return name;
    }

    /** A dynamic test running {@link #check} for {@code dtype}. */
    public DynamicTest test(Backend backend, Backend oracle, DType dtype) {
        return DynamicTest.dynamicTest(name + " [" + dtype + "]", () -> check(backend, oracle, dtype));
    }

    /** Runs the case on both backends and compares; throws {@link AssertionError} on any mismatch. */
    @SuppressWarnings("try")
    public void check(Backend backend, Backend oracle, DType dtype) {
        RandomStream rng = new RandomStream(0x6F5EEDL + name.hashCode());
        double[][] values = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            values[i] = inputs[i].generate(rng);
            if (!inputs[i].isIndex()) {
                roundTo(values[i], dtype);
            }
        }
        TensorOps ops = backend.ops();
        TensorOps ref = oracle.ops();
        try (TensorScope underTest = backend.openScope(); TensorScope reference = oracle.openScope()) {
            Tensor[] actualIn = new Tensor[inputs.length];
            Tensor[] oracleIn = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                int[] shape = inputs[i].shape();
                if (inputs[i].isIndex() || dtype == DType.INT32) {
                    actualIn[i] = ops.fromInts(toInts(values[i]), shape);
                } else if (dtype == DType.FLOAT32) {
                    actualIn[i] = ops.fromFloats(toFloats(values[i]), shape);
                } else {
                    actualIn[i] = ops.fromDoubles(values[i], shape);
                }
                oracleIn[i] = inputs[i].isIndex()
                        ? ref.fromInts(toInts(values[i]), shape)
                        : ref.fromDoubles(values[i], shape);
            }
            Tensor expected = kernel.apply(ref, oracleIn, DType.FLOAT64);
            Tensor actual = kernel.apply(ops, actualIn, dtype);
            DType expectedDType = resultDType != null ? resultDType
                    : expected.dtype() == DType.INT32 ? DType.INT32 : dtype;
            double[] want = ref.toDoubles(expected);
            if (expectedDType == DType.INT32) {
                roundTo(want, DType.INT32);
            }
            TensorAssert.assertClose(name + " [" + dtype + "]", want, expected.shape(), expectedDType, actual, ops,
                    TensorAssert.tolerance(dtype) * toleranceScale);
            for (int i = 0; i < inputs.length; i++) {
                TensorAssert.assertValuesClose(name + " [" + dtype + "]: input " + i + " "
                        + Arrays.toString(inputs[i].shape()) + " was modified", values[i],
                        ops.toDoubles(actualIn[i]), 0);
            }
        }
    }

    private static void roundTo(double[] v, DType dtype) {
        for (int i = 0; i < v.length; i++) {
            if (dtype == DType.FLOAT32) {
                v[i] = (float) v[i];
            } else if (dtype == DType.INT32) {
                v[i] = (int) v[i];
            }
        }
    }

    private static int[] toInts(double[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
