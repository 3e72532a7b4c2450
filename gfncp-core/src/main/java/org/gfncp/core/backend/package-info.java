/**
 * Finding and choosing a backend without any framework: ServiceLoader discovery, the selection rules
 * (configuration, then {@code -Dgfncp.backend}, then {@code GFNCP_BACKEND}, then priority), and a diagnostic main.
 * Guice wiring ({@code org.gfncp.core.inject}), the bench and the command line all select through here.
 */
package org.gfncp.core.backend;
