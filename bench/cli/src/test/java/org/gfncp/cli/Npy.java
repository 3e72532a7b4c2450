package org.gfncp.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes little-endian float64 NPY files (format 1.0) for tests, as numpy.save does. */
final class Npy {

    private Npy() {
    }

    static Path write(Path file, double[][][] sets) throws IOException {
        int s = sets.length;
        int n = sets[0].length;
        int d = sets[0][0].length;
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + s + ", " + n + ", " + d + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + 8 * s * n * d).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        buffer.putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double[][] set : sets) {
            for (double[] point : set) {
                for (double v : point) {
                    buffer.putDouble(v);
                }
            }
        }
        return Files.write(file, buffer.array());
    }
}
