/**
 * The backend conformance kit, shipped as the {@code gfncp-core} test-jar: JUnit 5 contract interfaces whose default
 * test methods check a backend against the pure-Java reference backend computed in FLOAT64. A backend module adapts
 * them with one class, e.g. {@code class DjlConformanceTest implements BackendConformance { public BackendProvider
 * provider() { return new DjlBackendProvider(); } }}.
 */
package org.gfncp.testkit;
