package org.gfncp.cli.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.cli.error.UserException;

/** The algorithms the tool knows, by name. */
public final class Algorithms {

    private final Map<String, ModelFactory> factories = new LinkedHashMap<>();

    public Algorithms(List<ModelFactory> factories) {
        for (ModelFactory factory : factories) {
            if (this.factories.putIfAbsent(factory.name().toLowerCase(Locale.ROOT), factory) != null) {
                throw new IllegalArgumentException("two algorithms are named '" + factory.name() + "'");
            }
        }
    }

    /** The algorithms built into gfncp-core. */
    public static Algorithms builtIn() {
        return new Algorithms(BuiltInModels.factories());
    }

    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** The factory for {@code name}; an unknown name is a usage error that lists the valid names. */
    public ModelFactory get(String name) {
        ModelFactory factory = name == null ? null : factories.get(name.toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw UserException.usage("unknown algorithm '" + name + "'; valid algorithms: " + String.join(", ", names()));
        }
        return factory;
    }
}
