/** Stands in for an engine package: the engine jars are never on this module's class path. */
package ai.djl.archfixture;
