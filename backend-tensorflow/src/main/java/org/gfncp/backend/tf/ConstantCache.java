package org.gfncp.backend.tf;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gfncp.api.tensor.DType;
import org.tensorflow.internal.c_api.TFE_TensorHandle;

/**
 * Small immutable operands (axes, shapes, permutations, scalars) kept as eager handles for the backend's lifetime,
 * so that a training loop calling the same kernels with the same arguments does not build them on every call.
 * Bounded: once full, further constants are built per call and handed to the caller's temporaries.
 */
final class ConstantCache {

    /** Most distinct constants kept. Each is a few bytes of tensor plus a handle. */
    static final int LIMIT = 2048;

    /** Longest int vector worth caching (reshape targets and permutations are short). */
    private static final int MAX_VECTOR = 8;

    private record Ints(int[] values, boolean vector) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Ints other && vector == other.vector && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values) * 31 + (vector ? 1 : 0);
        }
    }

    private record Scalar(DType dtype, long bits) {
    }

    private final EagerRuntime rt;
    private final Map<Object, TFE_TensorHandle> handles = new ConcurrentHashMap<>();

    ConstantCache(EagerRuntime rt) {
        this.rt = rt;
    }

    /** A rank-1 INT32 constant; when it cannot be cached it is added to {@code temps}. */
    TFE_TensorHandle ints(TfOps.Temps temps, int... values) {
        if (values.length > MAX_VECTOR) {
            return temps.add(rt.ints(values));
        }
        return lookup(new Ints(values.clone(), true), () -> rt.ints(values), temps);
    }

    /** A rank-0 INT32 constant. */
    TFE_TensorHandle scalarInt(TfOps.Temps temps, int value) {
        return lookup(new Ints(new int[] {value}, false), () -> rt.scalarInt(value), temps);
    }

    /** A rank-0 constant of {@code dtype}. */
    TFE_TensorHandle scalar(TfOps.Temps temps, DType dtype, double value) {
        return lookup(new Scalar(dtype, Double.doubleToLongBits(value)), () -> rt.scalar(dtype, value), temps);
    }

    private TFE_TensorHandle lookup(Object key, java.util.function.Supplier<TFE_TensorHandle> make,
            TfOps.Temps temps) {
        TFE_TensorHandle h = handles.get(key);
        if (h != null) {
            return h;
        }
        if (handles.size() >= LIMIT) {
            return temps.add(make.get());
        }
        TFE_TensorHandle fresh = make.get();
        TFE_TensorHandle raced = handles.putIfAbsent(key, fresh);
        if (raced != null) {
            rt.delete(fresh);
            return raced;
        }
        return fresh;
    }

    /** Frees every cached handle; called before the eager context is deleted. */
    void clear() {
        handles.values().forEach(rt::delete);
        handles.clear();
    }
}
