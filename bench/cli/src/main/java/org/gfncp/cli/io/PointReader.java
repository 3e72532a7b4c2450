package org.gfncp.cli.io;

import org.gfncp.cli.error.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gfncp.cli.error.UserException;

/**
 * Reads point sets. CSV: one point per row, comma-separated, an optional header row, blank lines and lines starting
 * with {@code #} ignored; an optional set-id column splits the rows into sets (in order of first appearance) and an
 * optional label column gives ground truth. NPY: float32/float64/int32/int64 little-endian C-order arrays of shape
 * {@code [N, D]} (one set) or {@code [S, N, D]} (S sets). Every problem is a {@link UserException} with exit code
 * {@link org.gfncp.cli.error.ExitCodes#INPUT} naming the file, line and column.
 */
public final class PointReader {

    /**
     * Which CSV columns are not coordinates; each is a 0-based index or a header name, or null.
     */
    public record CsvColumns(String setColumn, String labelColumn) {

        public static CsvColumns none() {
            return new CsvColumns(null, null);
        }
    }

    private PointReader() {
    }

    /** Reads by file extension: {@code .npy} as NPY, anything else as CSV. */
    public static PointInput read(Path file, CsvColumns columns) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            if (columns.setColumn() != null || columns.labelColumn() != null) {
                throw UserException.usage("set-id and label columns apply to CSV input only, not " + file);
            }
            return readNpy(file);
        }
        return readCsv(file, columns);
    }

    public static PointInput readCsv(Path file, CsvColumns columns) {
        List<String> lines = readLines(file);
        String source = file.toString();
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] header = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", -1);
            for (int f = 0; f < fields.length; f++) {
                fields[f] = fields[f].strip();
            }
            if (header == null && rows.isEmpty() && !looksNumeric(fields, columns)) {
                header = fields;
                continue;
            }
            rows.add(fields);
            lineNumbers.add(i + 1);
        }
        if (rows.isEmpty()) {
            throw UserException.input(source + " contains no points");
        }
        int width = rows.get(0).length;
        int setColumn = resolveColumn(columns.setColumn(), header, width, source, "set-id");
        int labelColumn = resolveColumn(columns.labelColumn(), header, width, source, "label");
        if (setColumn >= 0 && setColumn == labelColumn) {
            throw UserException.usage("the set-id and label columns are the same column " + setColumn);
        }
        int dimension = width - (setColumn >= 0 ? 1 : 0) - (labelColumn >= 0 ? 1 : 0);
        if (dimension < 1) {
            throw UserException.input(source + " has no coordinate columns (" + width + " columns in all)");
        }
        Map<String, List<double[]>> pointsBySet = new LinkedHashMap<>();
        Map<String, List<Integer>> labelsBySet = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            String[] fields = rows.get(r);
            int line = lineNumbers.get(r);
            if (fields.length != width) {
                throw UserException.input(source + " line " + line + ": " + fields.length + " columns, expected " + width
                        + " like the first row (rows must not be ragged)");
            }
            double[] point = new double[dimension];
            int d = 0;
            for (int c = 0; c < width; c++) {
                if (c == setColumn || c == labelColumn) {
                    continue;
                }
                point[d++] = parseCoordinate(fields[c], source, line, c, header);
            }
            String setId = setColumn >= 0 ? fields[setColumn] : "0";
            if (setId.isEmpty()) {
                throw UserException.input(fieldName(source, line, setColumn, header) + ": empty set id");
            }
            pointsBySet.computeIfAbsent(setId, k -> new ArrayList<>()).add(point);
            if (labelColumn >= 0) {
                labelsBySet.computeIfAbsent(setId, k -> new ArrayList<>()).add(parseLabel(fields[labelColumn], source, line, labelColumn, header));
            }
        }
        List<String> ids = new ArrayList<>(pointsBySet.keySet());
        List<double[][]> sets = new ArrayList<>();
        List<int[]> labels = labelColumn >= 0 ? new ArrayList<>() : null;
        for (String id : ids) {
            sets.add(pointsBySet.get(id).toArray(new double[0][]));
            if (labels != null) {
                labels.add(labelsBySet.get(id).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return new PointInput(ids, sets, labels);
    }

    public static PointInput readNpy(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw UserException.input("input file not found: " + file);
        } catch (IOException e) {
            throw UserException.input("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parseNpy(bytes, file.toString());
    }

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    static PointInput parseNpy(byte[] bytes, String source) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), NPY_MAGIC)) {
            throw UserException.input(source + " is not an NPY file (missing \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(buffer.getShort(8));
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw UserException.input(source + ": truncated NPY header");
            }
            headerLength = buffer.getInt(8);
            headerStart = 12;
        } else {
            throw UserException.input(source + ": unsupported NPY version " + major);
        }
        if (headerLength < 0 || headerStart + (long) headerLength > bytes.length) {
            throw UserException.input(source + ": truncated NPY header");
        }
        String header = new String(bytes, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
            throw UserException.input(source + ": malformed NPY header " + header.strip());
        }
        if (fortran.group(1).equals("True")) {
            throw UserException.input(source + ": Fortran-order arrays are not supported; save with numpy.ascontiguousarray");
        }
        String type = descr.group(1);
        int itemSize = switch (type) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            default -> throw UserException.input(source + ": unsupported NPY dtype '" + type
                    + "'; use little-endian float32/float64/int32/int64");
        };
        List<Integer> shape = new ArrayList<>();
        for (String part : shapeMatch.group(1).split(",")) {
            if (!part.isBlank()) {
                shape.add(Integer.parseInt(part.strip()));
            }
        }
        if (shape.size() != 2 && shape.size() != 3) {
            throw UserException.input(source + ": NPY shape " + shape + " must be [N, D] (one set) or [S, N, D] (S sets)");
        }
        int sets = shape.size() == 3 ? shape.get(0) : 1;
        int n = shape.get(shape.size() - 2);
        int dim = shape.get(shape.size() - 1);
        if (sets == 0 || n == 0 || dim == 0) {
            throw UserException.input(source + " contains no points (shape " + shape + ")");
        }
        long count = (long) sets * n * dim;
        int dataStart = headerStart + headerLength;
        if (bytes.length - dataStart != count * itemSize) {
            throw UserException.input(source + ": NPY data has " + (bytes.length - dataStart) + " bytes, shape " + shape
                    + " of " + type + " needs " + count * itemSize + (bytes.length - dataStart < count * itemSize ? " (truncated)" : ""));
        }
        List<double[][]> result = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int at = dataStart;
        for (int s = 0; s < sets; s++) {
            double[][] points = new double[n][dim];
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < dim; d++) {
                    double value = switch (type) {
                        case "<f4" -> buffer.getFloat(at);
                        case "<f8" -> buffer.getDouble(at);
                        case "<i4" -> buffer.getInt(at);
                        default -> buffer.getLong(at);
                    };
                    at += itemSize;
                    if (!Double.isFinite(value)) {
                        throw UserException.input(source + ": " + (sets > 1 ? "set " + s + ", " : "") + "point " + i
                                + ", dimension " + d + " is not finite: " + value);
                    }
                    points[i][d] = value;
                }
            }
            result.add(points);
            ids.add(Integer.toString(s));
        }
        return new PointInput(ids, result, null);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw UserException.input("input file not found: " + file);
        } catch (IOException e) {
            throw UserException.input("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A row is data when its coordinate fields parse as numbers (NaN included, so it is reported, not a header). */
    private static boolean looksNumeric(String[] fields, CsvColumns columns) {
        for (int f = 0; f < fields.length; f++) {
            if (String.valueOf(f).equals(columns.setColumn())) {
                continue;
            }
            try {
                parseNumber(fields[f]);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static int resolveColumn(String column, String[] header, int width, String source, String role) {
        if (column == null) {
            return -1;
        }
        int index;
        try {
            index = Integer.parseInt(column.strip());
        } catch (NumberFormatException e) {
            index = header == null ? -1 : Arrays.asList(header).indexOf(column.strip());
            if (index < 0) {
                throw UserException.usage("no " + role + " column named '" + column + "' in " + source
                        + (header == null ? " (it has no header row)" : "; columns are " + Arrays.toString(header)));
            }
        }
        if (index < 0 || index >= width) {
            throw UserException.usage(role + " column " + index + " is out of range: " + source + " has " + width
                    + " columns (0-based)");
        }
        return index;
    }

    private static double parseCoordinate(String field, String source, int line, int column, String[] header) {
        double value;
        try {
            value = parseNumber(field);
        } catch (NumberFormatException e) {
            throw UserException.input(fieldName(source, line, column, header) + ": not a number: '" + field + "'");
        }
        if (!Double.isFinite(value)) {
            throw UserException.input(fieldName(source, line, column, header) + ": " + value
                    + " is not allowed (coordinates must be finite)");
        }
        return value;
    }

    /** Columns count from 0, as in --set-column and --label-column; the header's name is the surer guide. */
    private static String fieldName(String source, int line, int column, String[] header) {
        String name = header != null && column < header.length ? "'" + header[column] + "', " : "";
        return source + " line " + line + ", column " + column + " (" + name + "0-based)";
    }

    /** Java's parser plus the spellings numpy and R write for non-finite values, so they are reported as such. */
    private static double parseNumber(String field) {
        return switch (field.toLowerCase(Locale.ROOT)) {
            case "nan", "-nan", "na" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(field);
        };
    }

    private static int parseLabel(String field, String source, int line, int column, String[] header) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw UserException.input(fieldName(source, line, column, header) + ": label '" + field
                    + "' is not an integer");
        }
    }
}
