package org.gfncp.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Consumer;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendDiagnostics;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.Capability;
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

    /** Delegates every kernel to {@code ops} except {@code kernel}, which {@code replacement} computes. */
    private static TensorOps replacing(TensorOps ops, String kernel, InvocationHandler replacement) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                if (method.getName().equals(kernel)) {
                    return replacement.invoke(proxy, method, args);
                }
                return method.invoke(ops, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (TensorOps) Proxy.newProxyInstance(TensorOps.class.getClassLoader(), new Class<?>[] {TensorOps.class},
                handler);
    }

    /** A reference backend under {@code name} whose kernels pass through {@code tamper}. */
    private static BackendProvider tampered(String name, java.util.function.UnaryOperator<TensorOps> tamper) {
        return new BackendProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return -1;
            }

            @Override
            public boolean isAvailable() {
                return true;
            }

            @Override
            public Backend create(BackendConfig config) {
                Backend inner = new ReferenceBackendProvider().create(config);
                TensorOps ops = tamper.apply(inner.ops());
                return new Backend() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public String engineVersion() {
                        return "tampered reference";
                    }

                    @Override
                    public Set<Capability> capabilities() {
                        return inner.capabilities();
                    }

                    @Override
                    public TensorOps ops() {
                        return ops;
                    }

                    @Override
                    public TensorScope openScope() {
                        return inner.openScope();
                    }

                    @Override
                    public BackendDiagnostics diagnostics() {
                        return inner.diagnostics();
                    }

                    @Override
                    public void close() {
                        inner.close();
                    }
                };
            }
        };
    }
}
