package ai.djl.archfixture;

/** A type in an engine-named package, so fixtures can depend on "the engine" without its jars. */
public final class FakeNdArray {
}
