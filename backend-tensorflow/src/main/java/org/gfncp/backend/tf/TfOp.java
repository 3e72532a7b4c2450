package org.gfncp.backend.tf;

import org.bytedeco.javacpp.BytePointer;

/**
 * The TensorFlow ops the kernels use, by their registered names. Each name is converted to a native string once,
 * not on every call.
 */
enum TfOp {
    ABS("Abs"),
    ADD("AddV2"),
    ANY("Any"),
    ARG_MAX("ArgMax"),
    BATCH_MAT_MUL("BatchMatMulV2"),
    BROADCAST_TO("BroadcastTo"),
    CAST("Cast"),
    CLIP("ClipByValue"),
    CONCAT("ConcatV2"),
    CUMSUM("Cumsum"),
    EQUAL("Equal"),
    EXP("Exp"),
    FILL("Fill"),
    GATHER("GatherV2"),
    GREATER("Greater"),
    IS_FINITE("IsFinite"),
    IS_NAN("IsNan"),
    LOG("Log"),
    LOG1P("Log1p"),
    LOG_SOFTMAX("LogSoftmax"),
    MAT_MUL("MatMul"),
    MAX("Max"),
    MAXIMUM("Maximum"),
    MUL("Mul"),
    NEG("Neg"),
    NOT_EQUAL("NotEqual"),
    ONE_HOT("OneHot"),
    PAD("Pad"),
    POW("Pow"),
    REAL_DIV("RealDiv"),
    RELU("Relu"),
    RELU_GRAD("ReluGrad"),
    RESHAPE("Reshape"),
    SELECT("SelectV2"),
    SIGMOID("Sigmoid"),
    SLICE("Slice"),
    SQRT("Sqrt"),
    SUB("Sub"),
    SUM("Sum"),
    TANH("Tanh"),
    TRANSPOSE("Transpose"),
    TRUNCATE_DIV("TruncateDiv"),
    UNSORTED_SEGMENT_SUM("UnsortedSegmentSum");

    private final String opName;
    private final BytePointer nativeName;

    TfOp(String opName) {
        this.opName = opName;
        this.nativeName = new BytePointer(opName);
    }

    String opName() {
        return opName;
    }

    BytePointer nativeName() {
        return nativeName;
    }
}
