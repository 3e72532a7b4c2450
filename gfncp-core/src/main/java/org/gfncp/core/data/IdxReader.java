package org.gfncp.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST distribution format): two zero bytes, a type byte, a dimension count, big-endian
 * int32 sizes, then the raw elements. Gzip-compressed and plain files are both accepted (detected by the gzip
 * magic, not the file name). Only unsigned-byte elements (type 0x08), which every MNIST-style file uses, are read.
 */
public final class IdxReader {

    static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /**
     * An IDX array of unsigned bytes.
     *
     * @param shape sizes, outermost first (e.g. {@code [10000, 28, 28]} for images, {@code [10000]} for labels)
     * @param data the raw bytes, row-major; read them with {@link #unsigned(int)}
     */
    public record IdxArray(int[] shape, byte[] data) {

        public int records() {
            return shape[0];
        }

        /** Elements per record (28 * 28 for MNIST images, 1 for labels). */
        public int recordSize() {
            int size = 1;
            for (int d = 1; d < shape.length; d++) {
                size *= shape[d];
            }
            return size;
        }

        public int unsigned(int index) {
            return data[index] & 0xFF;
        }

        /** The elements as labels; only for one-dimensional arrays. */
        public int[] labels() {
            if (shape.length != 1) {
                throw new IllegalArgumentException("labels need a 1-dimensional IDX array, shape is " + Arrays.toString(shape));
            }
            int[] labels = new int[data.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = data[i] & 0xFF;
            }
            return labels;
        }

        /**
         * Record {@code r} as floats {@code (value / 255 - mean) / std}, e.g. mean 0.5, std 0.5 for GFNCP's [-1, 1].
         */
        public float[] record(int r, double mean, double std) {
            if (r < 0 || r >= records()) {
                throw new IllegalArgumentException("record " + r + " out of range 0.." + (records() - 1));
            }
            int size = recordSize();
            float[] out = new float[size];
            int base = r * size;
            for (int i = 0; i < size; i++) {
                out[i] = (float) (((data[base + i] & 0xFF) / 255.0 - mean) / std);
            }
            return out;
        }
    }

    /** Images and their labels, checked to have the same record count. */
    public record LabeledImages(IdxArray images, int[] labels) {

        public int size() {
            return labels.length;
        }
    }

    public static IdxArray read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            return read(raw, file.toString());
        }
    }

    /** Reads an IDX array from a stream (gzip or plain); {@code source} names it in error messages. */
    public static IdxArray read(InputStream input, String source) throws IOException {
        InputStream in = input.markSupported() ? input : new BufferedInputStream(input);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in));
        }
        DataInputStream data = new DataInputStream(in);
        try {
            int zero0 = data.readUnsignedByte();
            int zero1 = data.readUnsignedByte();
            int type = data.readUnsignedByte();
            int dims = data.readUnsignedByte();
            if (zero0 != 0 || zero1 != 0) {
                throw new IOException(source + ": not an IDX file (magic starts with 0x" + Integer.toHexString(zero0)
                        + " 0x" + Integer.toHexString(zero1) + ", expected 0x00 0x00)");
            }
            if (type != UNSIGNED_BYTE) {
                throw new IOException(source + ": unsupported IDX element type 0x" + Integer.toHexString(type)
                        + "; only unsigned byte (0x08) is supported");
            }
            if (dims < 1) {
                throw new IOException(source + ": IDX file declares 0 dimensions");
            }
            int[] shape = new int[dims];
            long total = 1;
            for (int d = 0; d < dims; d++) {
                shape[d] = data.readInt();
                if (shape[d] < 0) {
                    throw new IOException(source + ": negative size " + shape[d] + " in dimension " + d);
                }
                total *= shape[d];
                if (total > Integer.MAX_VALUE - 8) {
                    throw new IOException(source + ": IDX array too large for one Java array: " + Arrays.toString(shape));
                }
            }
            byte[] bytes = new byte[(int) total];
            data.readFully(bytes);
            if (data.read() != -1) {
                throw new IOException(source + ": trailing bytes after " + total + " elements of shape " + Arrays.toString(shape));
            }
            return new IdxArray(shape, bytes);
        } catch (EOFException e) {
            throw new IOException(source + ": truncated IDX file", e);
        }
    }

    /** Reads an image file and its label file and checks that they describe the same number of records. */
    public static LabeledImages readLabeled(Path images, Path labels) throws IOException {
        IdxArray imageArray = read(images);
        IdxArray labelArray = read(labels);
        if (imageArray.shape().length < 2) {
            throw new IOException(images + ": images need at least 2 dimensions, shape is " + Arrays.toString(imageArray.shape()));
        }
        int[] labelValues = labelArray.labels();
        if (labelValues.length != imageArray.records()) {
            throw new IOException("record count mismatch: " + images + " has " + imageArray.records() + " images, "
                    + labels + " has " + labelValues.length + " labels");
        }
        return new LabeledImages(imageArray, labelValues);
    }
}
