package org.gfncp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gfncp.testkit.Tampering.replacing;
import static org.gfncp.testkit.Tampering.tampered;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Shapes;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/** The kit must be able to fail: deliberately broken backends are run through it and must be caught. */
@SuppressWarnings("try")
class KitDetectsFaultsTest {

    /** Runs every dynamic test of {@code tests} and returns the names of those that failed an assertion. */
    private static Set<String> failures(List<DynamicTest> tests) {
        Set<String> failed = new TreeSet<>();
        for (DynamicTest t : tests) {
            try {
                t.getExecutable().execute();
            } catch (AssertionError e) {
                failed.add(t.getDisplayName());
            } catch (Throwable e) {
                throw new IllegalStateException(t.getDisplayName() + " failed with " + e, e);
            }
        }
        return failed;
    }

    @Test
    void subWithoutBroadcastingIsCaughtExactlyWhereShapesDiffer() {
        // The broken sub ignores broadcasting semantics: when shapes differ it adds instead of subtracting.
        BackendProvider broken = tampered("broken-sub", ops -> replacing(ops, "sub", (p, m, args) -> {
            Tensor a = (Tensor) args[0];
            Tensor b = (Tensor) args[1];
            return Arrays.equals(a.shape(), b.shape()) ? ops.sub(a, b) : ops.add(a, b);
        }));
        TensorOpsContract contract = () -> broken;
        contract.openConformanceBackends();
        try {
            List<DynamicTest> tests = contract.binaryElementwise().toList();
            Set<String> expected = new TreeSet<>();
            for (int[][] pair : TensorOpsContract.broadcastPairs()) {
                int[] out = Shapes.broadcast(pair[0], pair[1]);
                if (!Arrays.equals(pair[0], pair[1]) && Shapes.size(out) > 0) {
                    for (DType dtype : TensorOpsContract.FLOATING) {
                        expected.add("sub " + Arrays.toString(pair[0]) + " " + Arrays.toString(pair[1]) + " ["
                                + dtype + "]");
                    }
                }
            }
            assertThat(expected).hasSizeGreaterThan(10);
            assertThat(failures(tests)).isEqualTo(expected);
        } finally {
            contract.closeConformanceBackends();
        }
    }

    @Test
    void wrongDTypeMutatedInputAndImprecisionAreCaught() {
        BackendProvider wrongDType = tampered("wrong-dtype", ops -> replacing(ops, "exp",
                (p, m, args) -> ops.exp(ops.cast((Tensor) args[0], DType.FLOAT64))));
        BackendProvider imprecise = tampered("imprecise", ops -> replacing(ops, "tanh",
                (p, m, args) -> ops.mulScalar(ops.tanh((Tensor) args[0]), 1 + 1e-4)));
        BackendProvider offByOneArgmax = tampered("last-argmax", ops -> replacing(ops, "argmax", (p, m, args) -> {
            Tensor a = (Tensor) args[0];
            int axis = (Integer) args[1];
            int n = a.dim(axis);
            // Picks the last maximum by searching the reversed axis.
            Tensor reversed = ops.gather(a, axis, ops.fromInts(reverse(n), n));
            return ops.addScalar(ops.mulScalar(ops.argmax(reversed, axis), -1), n - 1);
        }));
        assertThat(failuresOf(wrongDType, c -> c.unaryKernels().toList())).anyMatch(n -> n.startsWith("exp "));
        assertThat(failuresOf(imprecise, c -> c.unaryKernels().toList()))
                .anyMatch(n -> n.startsWith("tanh ") && n.endsWith("[FLOAT32]"))
                .anyMatch(n -> n.startsWith("tanh ") && n.endsWith("[FLOAT64]"))
                .allMatch(n -> n.startsWith("tanh "));
        assertThat(failuresOf(offByOneArgmax, c -> c.reductions().toList()))
                .contains("argmax ties take the first [FLOAT32]", "argmax ties take the first [FLOAT64]");
    }

    private static int[] reverse(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = n - 1 - i;
        }
        return r;
    }

    private static Set<String> failuresOf(BackendProvider provider,
            java.util.function.Function<TensorOpsContract, List<DynamicTest>> tests) {
        TensorOpsContract contract = () -> provider;
        contract.openConformanceBackends();
        try {
            return failures(tests.apply(contract));
        } finally {
            contract.closeConformanceBackends();
        }
    }

    @Test
    void kernelThatModifiesItsInputIsCaught() {
        // Reference storage cannot be written through the API, so the fault is simulated at the host boundary:
        // after neg has seen a tensor, reading that tensor back shows a changed first element.
        Set<Tensor> touched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        BackendProvider mutating = tampered("mutating", ops -> (TensorOps) Proxy.newProxyInstance(
                TensorOps.class.getClassLoader(), new Class<?>[] {TensorOps.class}, (p, m, args) -> {
                    try {
                        Object result = m.invoke(ops, args);
                        if (m.getName().equals("neg")) {
                            touched.add((Tensor) args[0]);
                        } else if (m.getName().equals("toDoubles") && touched.contains(args[0])) {
                            double[] values = (double[]) result;
                            if (values.length > 0) {
                                values[0] += 1;
                            }
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
        Set<String> failed = failuresOf(mutating, c -> c.unaryKernels().toList());
        assertThat(failed).isNotEmpty().allMatch(n -> n.startsWith("neg "));
        assertThat(failed).contains("neg [3, 4] [FLOAT32]", "neg [] [FLOAT64]").doesNotContain("neg [0] [FLOAT32]");
    }

    @Test
    void leakingKernelFailsTheMemoryContract() {
        // Each exp also creates a tensor on another thread, where no scope is open, and never closes it.
        BackendProvider leaky = tampered("leaky", ops -> replacing(ops, "exp", (p, m, args) -> {
            Thread t = new Thread(() -> ops.full(DType.FLOAT32, 0, 1));
            t.start();
            t.join();
            return ops.exp((Tensor) args[0]);
        }));
        MemoryContract contract = () -> leaky;
        contract.openConformanceBackends();
        try {
            assertThatThrownBy(contract::liveTensorsReturnToBaselineAfterTrainingSteps)
                    .isInstanceOf(AssertionError.class).hasMessageContaining("after step 0");
            contract.scopeReleasesWhatItOwns();
        } finally {
            contract.closeConformanceBackends();
        }
    }

    @Test
    void comparisonRulesForSpecialValuesAndTolerance() {
        assertThat(TensorAssert.close(Double.NaN, Double.NaN, 0)).isTrue();
        assertThat(TensorAssert.close(Double.NaN, 1, 1)).isFalse();
        assertThat(TensorAssert.close(1, Double.NaN, 1)).isFalse();
        assertThat(TensorAssert.close(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0)).isTrue();
        assertThat(TensorAssert.close(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1)).isFalse();
        assertThat(TensorAssert.close(Double.POSITIVE_INFINITY, 1e300, 1)).isFalse();
        assertThat(TensorAssert.close(1000, 1000.009, 1e-5)).isTrue();
        assertThat(TensorAssert.close(1000, 1000.02, 1e-5)).isFalse();
        assertThat(TensorAssert.close(0, 9e-6, 1e-5)).isTrue();
        assertThat(TensorAssert.close(0, 2e-5, 1e-5)).isFalse();
    }

    @Test
    void assertCloseReportsShapeDTypeAndValueMismatches() {
        Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
        TensorOps ops = backend.ops();
        try (TensorScope scope = backend.openScope()) {
            Tensor t = ops.fromDoubles(new double[] {1, 2, 3, 4}, 2, 2);
            assertThatThrownBy(() -> TensorAssert.assertClose("shape", new double[] {1, 2, 3, 4}, new int[] {4},
                    DType.FLOAT64, t, ops, 0)).isInstanceOf(AssertionError.class).hasMessageContaining("[4]")
                    .hasMessageContaining("[2, 2]");
            assertThatThrownBy(() -> TensorAssert.assertClose("dtype", new double[] {1, 2, 3, 4}, new int[] {2, 2},
                    DType.FLOAT32, t, ops, 0)).isInstanceOf(AssertionError.class).hasMessageContaining("FLOAT32");
            assertThatThrownBy(() -> TensorAssert.assertClose("values", new double[] {1, 2, 3, 5},
                    new int[] {2, 2}, DType.FLOAT64, t, ops, 1e-10)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("1 of 4 elements differ").hasMessageContaining("flat index 3");
            TensorAssert.assertClose("equal", new double[] {1, 2, 3, 4}, new int[] {2, 2}, DType.FLOAT64, t, ops, 0);
        }
        backend.close();
    }

    @Test
    void kernelCaseFailsWhenTheBackendDisagrees() {
        List<String> calls = new ArrayList<>();
        BackendProvider broken = tampered("broken-cumsum", ops -> replacing(ops, "cumsum", (p, m, args) -> {
            calls.add("cumsum");
            // Ignores the direction flag.
            return ops.cumsum((Tensor) args[0], (Integer) args[1], false);
        }));
        Backend backend = broken.create(BackendConfig.defaults());
        Backend oracle = new ReferenceBackendProvider().create(BackendConfig.defaults());
        KernelCase reverse = KernelCase.of("cumsum reverse", (o, in, d) -> o.cumsum(in[0], 0, true), Input.real(5));
        KernelCase forward = KernelCase.of("cumsum forward", (o, in, d) -> o.cumsum(in[0], 0, false), Input.real(5));
        forward.check(backend, oracle, DType.FLOAT64);
        assertThatThrownBy(() -> reverse.check(backend, oracle, DType.FLOAT64)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("cumsum reverse");
        assertThat(calls).hasSize(2);
        assertThat(backend.diagnostics().liveTensors()).isZero();
        backend.close();
        oracle.close();
    }
}
