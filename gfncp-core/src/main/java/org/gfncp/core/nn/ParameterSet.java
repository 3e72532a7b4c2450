package org.gfncp.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gfncp.core.diff.Parameter;

/** Parameters by dotted name ({@code "h.0.weight"}), in registration order; the unit of checkpoints. */
public final class ParameterSet implements Iterable<Parameter>, AutoCloseable {

    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /** Registers {@code p} under {@code name}; names are unique. */
    public ParameterSet put(String name, Parameter p) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("parameter name must not be empty");
        }
        if (byName.putIfAbsent(name, p) != null) {
            throw new IllegalArgumentException("parameter name " + name + " is already registered");
        }
        return this;
    }

    /** Registers every entry of {@code other} under {@code prefix + "." + name}. */
    public ParameterSet putAll(String prefix, ParameterSet other) {
        for (Map.Entry<String, Parameter> e : other.byName.entrySet()) {
            put(prefix + "." + e.getKey(), e.getValue());
        }
        return this;
    }

    /** The parameter registered under {@code name}. */
    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name + "; known: " + byName.keySet());
        }
        return p;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    public List<Parameter> list() {
        return new ArrayList<>(byName.values());
    }

    /** Name to parameter, in registration order (read-only). */
    public Map<String, Parameter> asMap() {
        return Collections.unmodifiableMap(byName);
    }

    public int size() {
        return byName.size();
    }

    /** Total number of scalar weights. */
    public long elementCount() {
        long n = 0;
        for (Parameter p : byName.values()) {
            n += p.value().size();
        }
        return n;
    }

    @Override
    public Iterator<Parameter> iterator() {
        return Collections.unmodifiableCollection(byName.values()).iterator();
    }

    /** Releases every parameter value. */
    @Override
    public void close() {
        for (Parameter p : byName.values()) {
            p.close();
        }
    }
}
