package org.gfncp.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything needed to rebuild and resume a model, independent of the algorithm: its name, its configuration and
 * training state as JSON-compatible maps, and named float tensors (parameters, optimizer moments, ...).
 *
 * @param algorithm e.g. {@code "gfncp"}
 * @param config the full model configuration (JSON-compatible values: maps, lists, strings, numbers, booleans)
 * @param state training state, e.g. {@code iteration}, {@code seed}, learning-rate schedule position
 * @param tensors in storage order; names are unique
 */
public record Checkpoint(String algorithm, Map<String, Object> config, Map<String, Object> state,
        List<NamedTensor> tensors) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Checkpoint {
        if (algorithm == null || algorithm.isEmpty()) {
            throw new IllegalArgumentException("checkpoint algorithm name must be non-empty");
        }
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
        tensors = List.copyOf(tensors);
        Set<String> names = new HashSet<>();
        for (NamedTensor t : tensors) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "' in checkpoint");
            }
        }
    }

    public Optional<NamedTensor> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The tensor called {@code name}, or an {@link IllegalArgumentException} listing what the checkpoint holds. */
    public NamedTensor requireTensor(String name) {
        return tensor(name).orElseThrow(() -> new IllegalArgumentException("checkpoint has no tensor '" + name
                + "'; it holds " + tensors.stream().map(NamedTensor::name).toList()));
    }

    /** Converts any Jackson-serializable value (a config record, say) to the map form stored in checkpoints. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(Object value) {
        return MAPPER.convertValue(value, LinkedHashMap.class);
    }

    /** Reads the stored configuration back as {@code type} (a record or bean with matching property names). */
    public <T> T config(Class<T> type) {
        return MAPPER.convertValue(config, type);
    }
}
