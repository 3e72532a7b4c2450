/**
 * Guice wiring, kept in this one package: {@link org.gfncp.core.inject.BackendsModule} binds every discovered
 * backend provider into a map and provides the selected {@link org.gfncp.spi.backend.Backend};
 * {@link org.gfncp.core.inject.GfncpRuntime} builds the injector and owns the backend's lifetime, since Guice has none.
 * Selection itself is Guice-free ({@link org.gfncp.core.backend.BackendSelector}).
 */
package org.gfncp.core.inject;
