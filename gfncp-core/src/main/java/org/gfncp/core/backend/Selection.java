package org.gfncp.core.backend;

import java.util.Objects;
import org.gfncp.spi.backend.Backend;

/**
 * A backend that was chosen and created, and why it was chosen.
 *
 * @param backend the created backend; the caller owns it and closes it
 * @param source which rule picked it
 */
public record Selection(Backend backend, SelectionSource source) {

    public Selection {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(source, "source");
    }
}
