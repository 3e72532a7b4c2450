/**
 * Backend comparison benchmarks (JMH) at the shapes GFNCP really uses, and the report that lays the per-backend
 * results side by side. Each backend runs in its own JVM (see {@code bench/run-backends.sh}); the backend is
 * chosen with the {@code gfncp.backend} system property like everywhere else.
 */
package org.gfncp.bench;
