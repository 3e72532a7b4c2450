package org.gfncp.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextOptionsSetAsync;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextOptionsSetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteContext;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteContextOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteTensorHandle;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_Execute;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewContext;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewContextOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewTensorHandle;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpAddInput;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpAddInputList;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_TensorHandleCopySharingTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_TensorHandleDataType;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_TensorHandleDim;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_TensorHandleNumDims;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_TensorHandleResolve;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_AllocateTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DOUBLE;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FLOAT;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INT32;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INVALID_ARGUMENT;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OUT_OF_RANGE;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Version;

import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.gfncp.api.tensor.DType;
import org.tensorflow.internal.c_api.TFE_Context;
import org.tensorflow.internal.c_api.TFE_ContextOptions;
import org.tensorflow.internal.c_api.TFE_Op;
import org.tensorflow.internal.c_api.TFE_TensorHandle;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.proto.ConfigProto;

/**
 * One TensorFlow eager context driven through the TF C API that TF Java 1.1.0 exports
 * ({@code org.tensorflow.internal.c_api.global.tensorflow}).
 *
 * <p>Why not {@code EagerSession} and {@code Ops}: an {@code EagerOperation} keeps its {@code TFE_Op} (which holds
 * references to all its inputs) and its output handles attached to the session until the session closes or the
 * garbage collector happens to collect the Java wrappers; the only release path is package-private. Here every
 * {@code TFE_Op} is deleted right after it runs, and every result handle has exactly one owner (a
 * {@link TfTensor} or a kernel's temporaries), so closing a tensor frees its buffer at once.
 *
 * <p>Tensor and op handles get no javacpp deallocator: the garbage collector never frees them, and they never join a
 * javacpp {@code PointerScope} the caller might have open. Ownership is explicit instead.
 */
final class EagerRuntime implements AutoCloseable {

    /**
     * The scratch a thread needs to run one op; kept per thread so that running an op allocates no native memory.
     * These few bytes are the only native memory here that the garbage collector frees, once the thread's entry
     * goes.
     */
    private static final class Scratch {
        final TF_Status status = TF_Status.newStatus();
        final PointerPointer<TFE_TensorHandle> outputs = new PointerPointer<>(MAX_OUTPUTS);
        final IntPointer outputCount = new IntPointer(1);
    }

    private static final int MAX_OUTPUTS = 4;

    private final TFE_Context context;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private volatile boolean closed;

    EagerRuntime(int intraOpThreads, int interOpThreads) {
        Scratch s = scratch.get();
        TFE_ContextOptions options = TFE_NewContextOptions();
        try {
            byte[] config = ConfigProto.newBuilder()
                    .setIntraOpParallelismThreads(intraOpThreads)
                    .setInterOpParallelismThreads(interOpThreads)
                    .build()
                    .toByteArray();
            BytePointer bytes = new BytePointer(config);
            TFE_ContextOptionsSetConfig(options, bytes, config.length, s.status);
            check(s.status, "configuring the eager context");
            TFE_ContextOptionsSetAsync(options, (byte) 0);
            context = TFE_NewContext(options, s.status);
            check(s.status, "creating the eager context");
        } finally {
            TFE_DeleteContextOptions(options);
        }
    }

    /** The version of the TensorFlow runtime library, e.g. {@code 2.18.0}. */
    static String tensorflowVersion() {
        return TF_Version().getString();
    }

    /** Sets the attributes of an op that its inputs do not determine. */
    @FunctionalInterface
    interface Attrs {
        void apply(TFE_Op op);
    }

    /** Runs a single-output op and returns its result handle, owned by the caller. */
    TFE_TensorHandle run(TfOp type, Attrs attrs, TFE_TensorHandle... inputs) {
        Scratch s = open();
        TFE_Op op = TFE_NewOp(context, type.nativeName(), s.status);
        check(s.status, type.opName());
        try {
            for (TFE_TensorHandle input : inputs) {
                TFE_OpAddInput(op, input, s.status);
                check(s.status, type.opName());
            }
            return execute(op, attrs, type, s);
        } finally {
            // The op references its inputs; deleting it now is what lets closed inputs be freed at once.
            TFE_DeleteOp(op);
        }
    }

    /** Runs a single-output op whose first input is a list (e.g. ConcatV2), followed by plain inputs. */
    TFE_TensorHandle runWithList(TfOp type, Attrs attrs, TFE_TensorHandle[] list, TFE_TensorHandle... inputs) {
        Scratch s = open();
        TFE_Op op = TFE_NewOp(context, type.nativeName(), s.status);
        check(s.status, type.opName());
        PointerPointer<TFE_TensorHandle> items = new PointerPointer<>(list.length);
        try {
            for (int i = 0; i < list.length; i++) {
                items.put(i, list[i]);
            }
            TFE_OpAddInputList(op, items, list.length, s.status);
            check(s.status, type.opName());
            for (TFE_TensorHandle input : inputs) {
                TFE_OpAddInput(op, input, s.status);
                check(s.status, type.opName());
            }
            return execute(op, attrs, type, s);
        } finally {
            TFE_DeleteOp(op);
            items.close();
        }
    }

    private static TFE_TensorHandle execute(TFE_Op op, Attrs attrs, TfOp type, Scratch s) {
        if (attrs != null) {
            attrs.apply(op);
        }
        s.outputCount.put(MAX_OUTPUTS);
        TFE_Execute(op, s.outputs, s.outputCount, s.status);
        check(s.status, type.opName());
        return s.outputs.get(TFE_TensorHandle.class, 0);
    }

    /** A second handle on the same immutable buffer: a copy without copying. */
    TFE_TensorHandle share(TFE_TensorHandle handle) {
        Scratch s = open();
        TFE_TensorHandle copy = TFE_TensorHandleCopySharingTensor(handle, s.status);
        check(s.status, "copy");
        // The C API returns the same (reference-counted) address, and javacpp then hands back the argument object
        // itself; each owner needs its own Java pointer so that deleting one does not null the other.
        return new TFE_TensorHandle(copy);
    }

    // ---- host transfer -------------------------------------------------------------------------------------

    TFE_TensorHandle fromFloats(float[] data, int[] shape) {
        return copyIn(TF_FLOAT, shape, 4L * data.length, buffer -> new FloatPointer(buffer).put(data));
    }

    TFE_TensorHandle fromDoubles(double[] data, int[] shape) {
        return copyIn(TF_DOUBLE, shape, 8L * data.length, buffer -> new DoublePointer(buffer).put(data));
    }

    TFE_TensorHandle fromInts(int[] data, int[] shape) {
        return copyIn(TF_INT32, shape, 4L * data.length, buffer -> new IntPointer(buffer).put(data));
    }

    /** Allocates a host tensor, lets {@code fill} write its buffer (unless empty) and wraps it in a handle. */
    private TFE_TensorHandle copyIn(int type, int[] shape, long bytes, Consumer<Pointer> fill) {
        TF_Tensor t = allocate(type, shape, bytes);
        if (bytes > 0) {
            fill.accept(TF_TensorData(t));
        }
        return adopt(t);
    }

    /** A rank-1 INT32 handle, for shapes, axes and permutations. */
    TFE_TensorHandle ints(int... values) {
        return fromInts(values, new int[] {values.length});
    }

    /** A rank-0 INT32 handle. */
    TFE_TensorHandle scalarInt(int value) {
        return fromInts(new int[] {value}, new int[0]);
    }

    /** A rank-0 handle of {@code dtype} holding {@code value} (truncated toward zero for INT32). */
    TFE_TensorHandle scalar(DType dtype, double value) {
        return switch (dtype) {
            case FLOAT32 -> fromFloats(new float[] {(float) value}, new int[0]);
            case FLOAT64 -> fromDoubles(new double[] {value}, new int[0]);
            case INT32 -> fromInts(new int[] {(int) value}, new int[0]);
        };
    }

    private TF_Tensor allocate(int type, int[] shape, long bytes) {
        open();
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        TF_Tensor t = TF_AllocateTensor(type, dims, dims.length, bytes);
        if (t == null || t.isNull()) {
            throw new OutOfMemoryError("TensorFlow could not allocate " + bytes + " bytes");
        }
        return t;
    }

    private TFE_TensorHandle adopt(TF_Tensor t) {
        Scratch s = scratch.get();
        try {
            TFE_TensorHandle h = TFE_NewTensorHandle(t, s.status);
            check(s.status, "host transfer");
            return h;
        } finally {
            // The handle holds its own reference to the buffer.
            TF_DeleteTensor(t);
        }
    }

    float[] toFloats(TFE_TensorHandle h, int size) {
        float[] out = new float[size];
        copyOut(h, size, data -> new FloatPointer(data).get(out));
        return out;
    }

    double[] toDoubles(TFE_TensorHandle h, int size) {
        double[] out = new double[size];
        copyOut(h, size, data -> new DoublePointer(data).get(out));
        return out;
    }

    int[] toInts(TFE_TensorHandle h, int size) {
        int[] out = new int[size];
        copyOut(h, size, data -> new IntPointer(data).get(out));
        return out;
    }

    /** Resolves the handle to host memory, lets {@code copy} read its buffer (unless empty) and frees that view. */
    private void copyOut(TFE_TensorHandle h, int size, Consumer<Pointer> copy) {
        TF_Tensor t = resolve(h);
        try {
            if (size > 0) {
                copy.accept(TF_TensorData(t));
            }
        } finally {
            TF_DeleteTensor(t);
        }
    }

    /** The host view of a handle (shares the buffer on CPU); the caller deletes the returned tensor. */
    private TF_Tensor resolve(TFE_TensorHandle h) {
        Scratch s = open();
        TF_Tensor t = TFE_TensorHandleResolve(h, s.status);
        check(s.status, "reading a tensor");
        return t;
    }

    // ---- handle metadata ------------------------------------------------------------------------------------

    int[] shape(TFE_TensorHandle h) {
        Scratch s = scratch.get();
        int rank = TFE_TensorHandleNumDims(h, s.status);
        check(s.status, "shape");
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            long d = TFE_TensorHandleDim(h, i, s.status);
            check(s.status, "shape");
            if (d > Integer.MAX_VALUE) {
                throw new IllegalStateException("dimension " + d + " does not fit an int");
            }
            shape[i] = (int) d;
        }
        return shape;
    }

    static DType dtype(TFE_TensorHandle h) {
        int type = TFE_TensorHandleDataType(h);
        if (type == TF_FLOAT) {
            return DType.FLOAT32;
        } else if (type == TF_DOUBLE) {
            return DType.FLOAT64;
        } else if (type == TF_INT32) {
            return DType.INT32;
        }
        throw new IllegalStateException("a kernel produced TensorFlow dtype " + type + ", which has no DType");
    }

    static int typeCode(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> TF_FLOAT;
            case FLOAT64 -> TF_DOUBLE;
            case INT32 -> TF_INT32;
        };
    }

    /** Frees a handle; a no-op once the context is closed (closing it freed everything). */
    void delete(TFE_TensorHandle h) {
        if (!closed && h != null && !h.isNull()) {
            TFE_DeleteTensorHandle(h);
            h.setNull();
        }
    }

    boolean isClosed() {
        return closed;
    }

    private Scratch open() {
        if (closed) {
            throw new IllegalStateException("the TensorFlow backend is closed");
        }
        return scratch.get();
    }

    private static void check(TF_Status status, String what) {
        int code = TF_GetCode(status);
        if (code == TF_OK) {
            return;
        }
        String message = what + ": " + TF_Message(status).getString();
        if (code == TF_INVALID_ARGUMENT || code == TF_OUT_OF_RANGE) {
            throw new IllegalArgumentException(message);
        }
        throw new IllegalStateException("TensorFlow error " + code + " in " + message);
    }

    /** Deletes the context. Callers free every handle they own first. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            TFE_DeleteContext(context);
        }
    }
}
