package org.gfncp.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Composed kernels must not leave temporaries under the root manager: after each kernel, the native arrays DJL
 * tracks equal the tensors the scope tracker counts, and both return to their baseline when the scope closes.
 */
class DjlMemoryTest {

    private static DjlBackend backend;
    private static TensorOps ops;

    @BeforeAll
    static void load() {
        backend = (DjlBackend) new DjlBackendProvider().create(BackendConfig.defaults());
        ops = backend.ops();
    }

    @AfterAll
    static void unload() {
        backend.close();
    }

    private static Map<String, Function<Tensor[], Tensor>> kernels() {
        Map<String, Function<Tensor[], Tensor>> k = new LinkedHashMap<>();
        // in[0]: [2,3,4] FLOAT32, in[1]: [4] FLOAT32, in[2]: INT32 index [3] in [0,2], in[3]: [1,2,5,5] image
        k.put("add", in -> ops.add(in[0], in[1]));
        k.put("div int", in -> ops.div(in[2], ops.addScalar(in[2], 1)));
        k.put("greater", in -> ops.greater(in[0], in[1]));
        k.put("where", in -> ops.where(ops.greater(in[0], in[1]), in[0], in[1]));
        k.put("greater read as numbers", in -> ops.add(ops.greater(in[0], in[1]), in[1]));
        k.put("where after reading the mask", in -> {
            Tensor mask = ops.greater(in[0], in[1]);
            ops.toDoubles(mask);
            return ops.where(mask, in[0], in[1]);
        });
        k.put("addScalar int", in -> ops.addScalar(in[2], 0.5));
        k.put("powScalar", in -> ops.powScalar(in[0], 2));
        k.put("exp int", in -> ops.exp(in[2]));
        k.put("log1p", in -> ops.log1p(ops.abs(in[0])));
        k.put("sigmoid", in -> ops.sigmoid(in[0]));
        k.put("sum", in -> ops.sum(in[0], new int[] {0, 2}, false));
        k.put("max several axes", in -> ops.max(in[0], new int[] {0, 2}, false));
        k.put("max empty", in -> ops.max(ops.slice(in[0], 1, 0, 0), new int[] {1}, true));
        k.put("logSumExp", in -> ops.logSumExp(in[0], 1, false));
        k.put("logSumExp keepDims", in -> ops.logSumExp(in[0], -1, true));
        k.put("logSoftmax", in -> ops.logSoftmax(in[0], 1));
        k.put("argmax", in -> ops.argmax(in[0], 2));
        k.put("cumsum reverse", in -> ops.cumsum(in[0], 1, true));
        k.put("matmul transposed a", in -> ops.matmul(in[0], ops.reshape(in[0], 3, 8), true, false));
        k.put("matmul transposed b", in -> ops.matmul(in[0], ops.reshape(in[0], 6, 4), false, true));
        k.put("im2col", in -> ops.im2col(in[3], 3, 2, 2, 1));
        k.put("col2im", in -> ops.col2im(ops.im2col(in[3], 3, 3, 1, 1), 2, 5, 5, 3, 3, 1, 1));
        k.put("col2im no pad", in -> ops.col2im(ops.im2col(in[3], 2, 2, 1, 0), 2, 5, 5, 2, 2, 1, 0));
        k.put("permute", in -> ops.permute(in[0], 2, 0, 1));
        k.put("broadcastTo", in -> ops.broadcastTo(in[1], 3, 4));
        k.put("concat", in -> ops.concat(-1, in[0], in[0]));
        k.put("pad", in -> ops.pad(in[0], 1, 2, 1));
        k.put("gather", in -> ops.gather(in[0], 1, in[2]));
        k.put("scatterAdd", in -> ops.scatterAdd(in[0], 1, in[2], 5));
        k.put("scatterAdd int", in -> ops.scatterAdd(ops.cast(in[0], DType.INT32), 1, in[2], 5));
        k.put("oneHot", in -> ops.oneHot(in[2], 4, DType.FLOAT64));
        k.put("cast", in -> ops.cast(in[0], DType.FLOAT64));
        k.put("toDoubles", in -> ops.fromDoubles(ops.toDoubles(in[0]), 24));
        return k;
    }

    @TestFactory
    Iterable<DynamicTest> kernelsLeaveOnlyTheirResults() {
        return kernels().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            long baseArrays = backend.nativeArrays();
            long baseLive = backend.diagnostics().liveTensors();
            try (TensorScope scope = backend.openScope()) {
                Tensor[] in = {
                    ops.fromFloats(floats(24), 2, 3, 4),
                    ops.fromFloats(floats(4), 4),
                    ops.fromInts(new int[] {2, 0, 2}, 3),
                    ops.fromFloats(floats(50), 1, 2, 5, 5)};
                Tensor out = e.getValue().apply(in);
                assertThat(out.isClosed()).isFalse();
                long live = backend.diagnostics().liveTensors() - baseLive;
                assertThat(live).isEqualTo(scope.owned());
                assertThat(backend.nativeArrays() - baseArrays).as("native arrays vs tensors").isEqualTo(live);
            }
            assertThat(backend.nativeArrays()).isEqualTo(baseArrays);
            assertThat(backend.diagnostics().liveTensors()).isEqualTo(baseLive);
        })).toList();
    }

    @Test
    void manyDistinctScalarsNeitherLeakNorGrowTheConstantCacheWithoutBound() {
        long baseArrays = backend.nativeArrays();
        try (TensorScope scope = backend.openScope()) {
            Tensor x = ops.fromDoubles(new double[] {1, 2}, 2);
            for (int i = 0; i < 400; i++) {
                double s = 0.001 * i;
                assertThat(ops.toDoubles(ops.mulScalar(x, s))).containsExactly(s, 2 * s);
            }
            assertThat(backend.nativeArrays() - baseArrays).isEqualTo(scope.owned());
        }
        assertThat(backend.nativeArrays()).isEqualTo(baseArrays);
        // The bound applies to callers' scalars; composed kernels add a fixed handful of their own constants.
        assertThat(((DjlOps) ops).cachedConstants()).isLessThanOrEqualTo(DjlOps.MAX_CACHED_CONSTANTS + 16);
    }

    @Test
    void closingTheBackendFreesTensorsItStillHolds() {
        DjlBackend other = (DjlBackend) new DjlBackendProvider().create(BackendConfig.defaults());
        Tensor t = other.ops().full(DType.FLOAT32, 1, 3);
        assertThat(other.nativeArrays()).isEqualTo(1);
        other.close();
        t.close();
        assertThat(t.isClosed()).isTrue();
        assertThat(other.diagnostics().liveTensors()).isZero();
    }

    private static float[] floats(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) Math.sin(1.3 * i) * 3;
        }
        return f;
    }
}
