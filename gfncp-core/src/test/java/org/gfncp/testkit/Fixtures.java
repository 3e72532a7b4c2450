package org.gfncp.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendProvider;

/** The open backends of each running contract test instance. */
public final class Fixtures {

    /** The backend under test and its oracle. */
    public record Opened(Backend backend, Backend oracle) {
    }

    private static final Map<Object, Opened> OPEN = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** Creates the backends for {@code owner} unless they are already open. */
    public static void open(Object owner, BackendProvider provider) {
        OPEN.computeIfAbsent(owner, o -> {
            Backend backend = provider.create(BackendFixture.config());
            Backend oracle = BackendFixture.oracleProvider().create(BackendFixture.config());
            return new Opened(backend, oracle);
        });
    }

    /** The backends of {@code owner}; fails when {@link #open} was not called. */
    public static Opened get(Object owner) {
        Opened o = OPEN.get(owner);
        if (o == null) {
            throw new IllegalStateException("no backend open for " + owner.getClass().getName()
                    + ": the contract's @BeforeAll did not run (is the class annotated with a different lifecycle?)");
        }
        return o;
    }

    /** Closes and forgets the backends of {@code owner}. */
    public static void close(Object owner) {
        Opened o = OPEN.remove(owner);
        if (o != null) {
            try {
                o.backend().close();
            } finally {
                o.oracle().close();
            }
        }
    }
}
