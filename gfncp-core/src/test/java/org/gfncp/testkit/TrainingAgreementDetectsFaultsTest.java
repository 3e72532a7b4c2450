package org.gfncp.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gfncp.testkit.Tampering.replacing;
import static org.gfncp.testkit.Tampering.tampered;

import java.util.function.Consumer;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainingAgreementContract} must be able to fail: reference backends with one subtly changed kernel are run
 * through it. A matmul with TF32 inputs (what some GPU libraries do by default) must break the GFNCP loss tolerance
 * within 50 iterations (its 20 NCP losses move by at most 5e-6, inside the bound), uploads that round floats
 * differently must break the bitwise weight and data checks, and an untouched reference under another name must
 * pass within the tolerance.
 */
class TrainingAgreementDetectsFaultsTest {

    @Test
    void matmulInTf32PrecisionBreaksTheLossTolerance() {
        BackendProvider tf32 = tampered("tf32-matmul", ops -> replacing(ops, "matmul", (p, m, args) -> {
            Tensor a = (Tensor) args[0];
            Tensor b = (Tensor) args[1];
            return ops.matmul(tf32(ops, a), tf32(ops, b), (Boolean) args[2], (Boolean) args[3]);
        }));
        run(tf32, c -> {
            assertThatCode(c::gfncpInitialWeightsAreBitwiseTheSameAsOnTheReference).doesNotThrowAnyException();
            assertThatThrownBy(c::firstGfncpLossesAgreeWithTheReference).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("GFNCP loss");
        });
    }

    @Test
    void uploadsRoundedOneUlpAwayBreakTheBitwiseChecks() {
        BackendProvider nudged = tampered("nudged-upload", ops -> replacing(ops, "fromFloats", (p, m, args) -> {
            float[] data = ((float[]) args[0]).clone();
            for (int i = 0; i < data.length; i++) {
                data[i] = data[i] == 0 ? 0 : Math.nextUp(data[i]);
            }
            return ops.fromFloats(data, (int[]) args[1]);
        }));
        run(nudged, c -> {
            assertThatThrownBy(c::gfncpInitialWeightsAreBitwiseTheSameAsOnTheReference)
                    .isInstanceOf(AssertionError.class).hasMessageContaining("float32 bits");
            assertThatThrownBy(c::ncpInitialWeightsAreBitwiseTheSameAsOnTheReference)
                    .isInstanceOf(AssertionError.class).hasMessageContaining("float32 bits");
            assertThatThrownBy(c::generatedBatchesReachTheBackendBitwiseUnchanged)
                    .isInstanceOf(AssertionError.class).hasMessageContaining("as FLOAT32");
        });
    }

    @Test
    void theReferenceUnderAnotherNamePassesWithinTheTolerance() {
        run(tampered("renamed-reference", ops -> ops), c -> {
            c.gfncpInitialWeightsAreBitwiseTheSameAsOnTheReference();
            c.generatedBatchesReachTheBackendBitwiseUnchanged();
            c.firstNcpLossesAgreeWithTheReference();
        });
    }

    private static void run(BackendProvider provider, Consumer<TrainingAgreementContract> checks) {
        TrainingAgreementContract contract = () -> provider;
        contract.openConformanceBackends();
        try {
            checks.accept(contract);
        } finally {
            contract.closeConformanceBackends();
        }
    }

    /** {@code t} with every FLOAT32 value rounded to nearest-even on a 10-bit mantissa (TF32); others unchanged. */
    private static Tensor tf32(TensorOps ops, Tensor t) {
        if (t.dtype() != DType.FLOAT32) {
            return t;
        }
        float[] v = ops.toFloats(t);
        for (int i = 0; i < v.length; i++) {
            int bits = Float.floatToRawIntBits(v[i]);
            bits += 0xFFF + ((bits >>> 13) & 1);
            v[i] = Float.intBitsToFloat(bits & ~0x1FFF);
        }
        return ops.fromFloats(v, t.shape());
    }
}
