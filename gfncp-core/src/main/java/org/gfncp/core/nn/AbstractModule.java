package org.gfncp.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Parameter;

/** Bookkeeping shared by the layers: the {@link Diff} to run on, named parameters, children and the mode. */
public abstract class AbstractModule implements Module {

    protected final Diff diff;
    private final ParameterSet parameters = new ParameterSet();
    private final List<Module> children = new ArrayList<>();
    private boolean training = true;

    protected AbstractModule(Diff diff) {
        this.diff = diff;
    }

    /** Registers a parameter of this module under {@code name}. */
    protected final Parameter register(Parameter p) {
        parameters.put(p.name(), p);
        return p;
    }

    /** Registers a parameter under a dotted {@code name} of its own (for example {@code "1.weight"}). */
    protected final Parameter register(String name, Parameter p) {
        parameters.put(name, p);
        return p;
    }

    /** Registers a child module; its parameters appear as {@code name + "." + childName}. */
    protected final <M extends Module> M register(String name, M child) {
        parameters.putAll(name, child.namedParameters());
        children.add(child);
        return child;
    }

    @Override
    public final ParameterSet namedParameters() {
        return parameters;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
        for (Module c : children) {
            c.setTraining(training);
        }
    }

    @Override
    public final boolean isTraining() {
        return training;
    }

    public final Diff diff() {
        return diff;
    }
}
