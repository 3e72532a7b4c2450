package org.gfncp.cli.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.gfncp.cli.error.ExitCodes;
import org.gfncp.cli.error.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointReaderTest {

    @TempDir
    Path dir;

    @Test
    void csvWithHeaderSetAndLabelColumnsByNameOrIndex() throws IOException {
        Path file = Files.writeString(dir.resolve("p.csv"),
                "# comment\nid,x,y,label\ns1,1.5,2,0\ns2,3,4,7\n\ns1,-1e-3,6,1\n");
        PointInput byName = PointReader.read(file, new PointReader.CsvColumns("id", "label"));
        assertThat(byName.setIds()).containsExactly("s1", "s2");
        assertThat(byName.sets().get(0)).isDeepEqualTo(new double[][] {{1.5, 2}, {-1e-3, 6}});
        assertThat(byName.sets().get(1)).isDeepEqualTo(new double[][] {{3, 4}});
        assertThat(byName.labels().get(0)).containsExactly(0, 1);
        assertThat(byName.labels().get(1)).containsExactly(7);
        PointInput byIndex = PointReader.read(file, new PointReader.CsvColumns("0", "3"));
        assertThat(byIndex.sets().get(0)).isDeepEqualTo(byName.sets().get(0));
        PointInput plain = PointReader.read(Files.writeString(dir.resolve("q.csv"), "1,2\n3,4\n"), PointReader.CsvColumns.none());
        assertThat(plain.setIds()).containsExactly("0");
        assertThat(plain.groundTruth()).isEmpty();
        assertThat(plain.dimension()).isEqualTo(2);
    }

    @Test
    void badColumnsAreUsageErrors() throws IOException {
        Path file = Files.writeString(dir.resolve("p.csv"), "x,y\n1,2\n");
        assertThatThrownBy(() -> PointReader.read(file, new PointReader.CsvColumns("set", null)))
                .isInstanceOf(UserException.class).hasMessageContaining("no set-id column named 'set'")
                .satisfies(e -> assertThat(((UserException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
        assertThatThrownBy(() -> PointReader.read(file, new PointReader.CsvColumns(null, "5")))
                .hasMessageContaining("label column 5 is out of range");
        Path labels = Files.writeString(dir.resolve("l.csv"), "1,2,0\n1,2,x\n");
        assertThatThrownBy(() -> PointReader.read(labels, new PointReader.CsvColumns(null, "2")))
                .hasMessageContaining("line 2, column 2 (0-based): label 'x' is not an integer");
        Path emptyId = Files.writeString(dir.resolve("s.csv"), "set,x,y\na,1,2\n,3,4\n");
        assertThatThrownBy(() -> PointReader.read(emptyId, new PointReader.CsvColumns("set", null)))
                .hasMessageContaining("line 3, column 0 ('set', 0-based): empty set id");
        Path infinite = Files.writeString(dir.resolve("i.csv"), "1,-inf\n");
        assertThatThrownBy(() -> PointReader.read(infinite, PointReader.CsvColumns.none()))
                .hasMessageContaining("line 1, column 1 (0-based): -Infinity is not allowed");
    }

    private static byte[] npy(String descr, String shape, boolean fortran, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + shape + "), }";
        String header = dict + " ".repeat((64 - (11 + dict.length()) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    @Test
    void npyFloat32TwoDimensionalIsOneSet() {
        PointInput in = PointReader.parseNpy(npy("<f4", "3, 2", false, floats(1, 2, 3, 4, 5, 6)), "a.npy");
        assertThat(in.sets()).hasSize(1);
        assertThat(in.sets().get(0)).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        PointInput three = PointReader.parseNpy(npy("<f4", "2, 1, 2", false, floats(1, 2, 3, 4)), "b.npy");
        assertThat(three.setIds()).containsExactly("0", "1");
        assertThat(three.sets().get(1)).isDeepEqualTo(new double[][] {{3, 4}});
    }

    @Test
    void npyProblemsAreNamed() {
        assertThatThrownBy(() -> PointReader.parseNpy(npy("<f4", "3, 2", false, floats(1, 2, 3)), "t.npy"))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> PointReader.parseNpy(npy("<f4", "1, 2", true, floats(1, 2)), "f.npy"))
                .hasMessageContaining("Fortran-order");
        assertThatThrownBy(() -> PointReader.parseNpy(npy(">f8", "1, 1", false, new byte[8]), "e.npy"))
                .hasMessageContaining("unsupported NPY dtype '>f8'");
        assertThatThrownBy(() -> PointReader.parseNpy(npy("<f4", "4", false, floats(1, 2, 3, 4)), "s.npy"))
                .hasMessageContaining("must be [N, D]");
        assertThatThrownBy(() -> PointReader.parseNpy(npy("<f4", "1, 2", false, floats(1, Float.NaN)), "n.npy"))
                .hasMessageContaining("point 0, dimension 1 is not finite");
        assertThatThrownBy(() -> PointReader.parseNpy(npy("<f4", "0, 2", false, new byte[0]), "z.npy"))
                .hasMessageContaining("contains no points");
        assertThatThrownBy(() -> PointReader.parseNpy(Arrays.copyOf(npy("<f4", "1, 2", false, floats(1, 2)), 9), "h.npy"))
                .hasMessageContaining("not an NPY file");
    }
}
