package org.gfncp.spi.backend;

/** Optional properties of a backend. Every kernel is mandatory; capabilities only describe how they run. */
public enum Capability {
    /** Runs on a GPU. */
    GPU,
    /** Same inputs give bit-identical outputs on every run. */
    DETERMINISTIC,
    /** Pure Java, no native code: always loadable. */
    PURE_JAVA
}
