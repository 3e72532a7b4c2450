package org.gfncp.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads and writes the GFNCP checkpoint format, version 1 (see {@code docs/checkpoint-format.md}):
 *
 * <pre>
 * offset      size  content
 * 0           8     magic "GFNCPCK1" (ASCII)
 * 8           4     format version, uint32 little-endian (1)
 * 12          4     header length H in bytes, uint32 little-endian
 * 16          H     header: UTF-8 JSON object
 * 16+H        4     CRC32 of the header bytes, uint32 little-endian
 * 20+H        P     payload: each tensor's float32 values, little-endian, row-major, in header order
 * 20+H+P      32    SHA-256 of every preceding byte
 * </pre>
 *
 * The header holds {@code algorithm}, {@code config}, {@code state} and, per tensor, {@code name}, {@code shape},
 * {@code offset} (bytes into the payload), {@code count} and {@code crc32}, plus {@code payloadBytes}. Writes are
 * atomic ({@link AtomicFiles}); reads verify everything and throw {@link CheckpointException} on any mismatch.
 */
public final class Checkpoints {

    public static final int FORMAT_VERSION = 1;
    static final byte[] MAGIC = "GFNCPCK1".getBytes(StandardCharsets.US_ASCII);
    static final int PREFIX_BYTES = 16;
    static final int DIGEST_BYTES = 32;
    /** Headers are small JSON objects; a larger declared length means a corrupt length field, not a real header. */
    static final int MAX_HEADER_BYTES = 64 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Checkpoints() {
    }

    /** Writes {@code checkpoint} to {@code file} atomically; the previous file survives any failure. */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        byte[] bytes = toBytes(checkpoint);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    public static Checkpoint read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint file not found: " + file, e);
        }
        return fromBytes(bytes, file.toString());
    }

    public static byte[] toBytes(Checkpoint checkpoint) {
        ObjectNode header = MAPPER.createObjectNode();
        header.put("format", "gfncp-checkpoint");
        header.put("formatVersion", FORMAT_VERSION);
        header.put("algorithm", checkpoint.algorithm());
        header.set("config", MAPPER.valueToTree(checkpoint.config()));
        header.set("state", MAPPER.valueToTree(checkpoint.state()));
        ArrayNode tensors = header.putArray("tensors");
        long offset = 0;
        List<byte[]> payloads = new ArrayList<>();
        for (NamedTensor t : checkpoint.tensors()) {
            byte[] payload = floatsToBytes(t.data());
            ObjectNode entry = tensors.addObject();
            entry.put("name", t.name());
            ArrayNode shape = entry.putArray("shape");
            for (int s : t.shape()) {
                shape.add(s);
            }
            entry.put("offset", offset);
            entry.put("count", t.data().length);
            entry.put("crc32", crc32(payload, 0, payload.length));
            offset += payload.length;
            payloads.add(payload);
        }
        header.put("payloadBytes", offset);
        byte[] headerBytes;
        try {
            headerBytes = MAPPER.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("checkpoint config/state is not JSON-serializable: " + e.getMessage(), e);
        }
        long total = PREFIX_BYTES + (long) headerBytes.length + 4 + offset + DIGEST_BYTES;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("checkpoint of " + total + " bytes exceeds the 2 GiB limit of this writer");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
        out.writeBytes(MAGIC);
        out.writeBytes(littleEndianInt(FORMAT_VERSION));
        out.writeBytes(littleEndianInt(headerBytes.length));
        out.writeBytes(headerBytes);
        out.writeBytes(littleEndianInt((int) crc32(headerBytes, 0, headerBytes.length)));
        for (byte[] payload : payloads) {
            out.writeBytes(payload);
        }
        byte[] body = out.toByteArray();
        out.writeBytes(sha256(body, body.length));
        return out.toByteArray();
    }

    /** Parses and verifies a checkpoint; {@code source} names it in error messages. */
    public static Checkpoint fromBytes(byte[] bytes, String source) throws CheckpointException {
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new CheckpointException(source + ": not a GFNCP checkpoint (magic is not \"GFNCPCK1\")");
        }
        if (bytes.length < PREFIX_BYTES) {
            throw new CheckpointException(source + ": truncated checkpoint (" + bytes.length + " bytes, the fixed prefix alone is "
                    + PREFIX_BYTES + ")");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long version = Integer.toUnsignedLong(buffer.getInt(8));
        if (version != FORMAT_VERSION) {
            throw new CheckpointException(source + ": unsupported checkpoint format version " + version
                    + " (this reader supports version " + FORMAT_VERSION + ")");
        }
        long headerLength = Integer.toUnsignedLong(buffer.getInt(12));
        if (headerLength > MAX_HEADER_BYTES) {
            throw new CheckpointException(source + ": corrupt header length " + headerLength);
        }
        int headerEnd = PREFIX_BYTES + (int) headerLength;
        if (bytes.length < (long) headerEnd + 4) {
            throw new CheckpointException(source + ": truncated checkpoint (" + bytes.length + " bytes, header alone needs "
                    + (headerEnd + 4) + ")");
        }
        long storedHeaderCrc = Integer.toUnsignedLong(buffer.getInt(headerEnd));
        long headerCrc = crc32(bytes, PREFIX_BYTES, (int) headerLength);
        if (storedHeaderCrc != headerCrc) {
            throw new CheckpointException(source + ": header checksum mismatch (stored CRC32 " + storedHeaderCrc
                    + ", computed " + headerCrc + "); the file is corrupt");
        }
        JsonNode header;
        try {
            header = MAPPER.readTree(new String(bytes, PREFIX_BYTES, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CheckpointException(source + ": header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new CheckpointException(source + ": header is not a JSON object");
        }
        long payloadBytes = requireLong(header, "payloadBytes", source);
        long expectedLength = headerEnd + 4L + payloadBytes + DIGEST_BYTES;
        if (bytes.length < expectedLength) {
            throw new CheckpointException(source + ": truncated checkpoint (" + bytes.length + " bytes, header declares "
                    + expectedLength + ")");
        }
        if (bytes.length > expectedLength) {
            throw new CheckpointException(source + ": " + (bytes.length - expectedLength)
                    + " unexpected trailing bytes after the checkpoint (expected " + expectedLength + " bytes)");
        }
        int payloadStart = headerEnd + 4;
        List<NamedTensor> tensors = readTensors(header, bytes, payloadStart, payloadBytes, source);
        byte[] digest = sha256(bytes, (int) (expectedLength - DIGEST_BYTES));
        if (!Arrays.equals(digest, Arrays.copyOfRange(bytes, (int) expectedLength - DIGEST_BYTES, (int) expectedLength))) {
            throw new CheckpointException(source + ": SHA-256 of the file does not match its stored digest; the file is corrupt");
        }
        String algorithm = requireText(header, "algorithm", source);
        try {
            return new Checkpoint(algorithm, toMap(header.get("config"), "config", source),
                    toMap(header.get("state"), "state", source), tensors);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": " + e.getMessage(), e);
        }
    }

    private static List<NamedTensor> readTensors(JsonNode header, byte[] bytes, int payloadStart, long payloadBytes,
            String source) throws CheckpointException {
        JsonNode entries = header.get("tensors");
        if (entries == null || !entries.isArray()) {
            throw new CheckpointException(source + ": header has no \"tensors\" array");
        }
        List<NamedTensor> tensors = new ArrayList<>(entries.size());
        long expectedOffset = 0;
        for (JsonNode entry : entries) {
            String name = requireText(entry, "name", source);
            String where = source + ": tensor '" + name + "'";
            JsonNode shapeNode = entry.get("shape");
            if (shapeNode == null || !shapeNode.isArray()) {
                throw new CheckpointException(where + " has no shape array");
            }
            int[] shape = new int[shapeNode.size()];
            long product = 1;
            for (int d = 0; d < shape.length; d++) {
                JsonNode size = shapeNode.get(d);
                if (!size.canConvertToInt() || size.asInt() < 0) {
                    throw new CheckpointException(where + " has an invalid size " + size + " in its shape");
                }
                shape[d] = size.asInt();
                product *= shape[d];
            }
            long count = requireLong(entry, "count", source);
            long offset = requireLong(entry, "offset", source);
            if (count != product || offset != expectedOffset || offset + 4 * count > payloadBytes) {
                throw new CheckpointException(where + " has inconsistent count " + count + ", shape "
                        + Arrays.toString(shape) + " or offset " + offset + " (expected offset " + expectedOffset
                        + ", payload " + payloadBytes + " bytes)");
            }
            int start = payloadStart + (int) offset;
            int length = (int) (4 * count);
            long crc = crc32(bytes, start, length);
            long storedCrc = requireLong(entry, "crc32", source);
            if (crc != storedCrc) {
                throw new CheckpointException(where + " fails its CRC32 check (stored " + storedCrc + ", computed " + crc
                        + "); the file is corrupt");
            }
            float[] data = new float[(int) count];
            ByteBuffer.wrap(bytes, start, length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            tensors.add(new NamedTensor(name, shape, data));
            expectedOffset += length;
        }
        if (expectedOffset != payloadBytes) {
            throw new CheckpointException(source + ": tensors cover " + expectedOffset + " payload bytes, header declares "
                    + payloadBytes);
        }
        return tensors;
    }

    private static Map<String, Object> toMap(JsonNode node, String field, String source) throws CheckpointException {
        if (node == null || node.isNull()) {
            return new LinkedHashMap<>();
        }
        if (!node.isObject()) {
            throw new CheckpointException(source + ": header field \"" + field + "\" is not a JSON object");
        }
        return MAPPER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static long requireLong(JsonNode node, String field, String source) throws CheckpointException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new CheckpointException(source + ": header field \"" + field + "\" is missing or not an integer");
        }
        return value.asLong();
    }

    private static String requireText(JsonNode node, String field, String source) throws CheckpointException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new CheckpointException(source + ": header field \"" + field + "\" is missing or not a string");
        }
        return value.asText();
    }

    private static byte[] floatsToBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static byte[] littleEndianInt(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static long crc32(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
