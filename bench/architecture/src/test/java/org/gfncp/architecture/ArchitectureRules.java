package org.gfncp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.concurrent.ThreadLocalRandom;
import org.gfncp.spi.backend.BackendProvider;

/** The module boundaries as ArchUnit rules; each is checked by {@link ArchitectureTest}. */
final class ArchitectureRules {

    /** Engine packages, by the backend allowed to use them. */
    static final String[] DL4J_ENGINE = {"org.nd4j..", "org.deeplearning4j.."};
    static final String[] DJL_ENGINE = {"ai.djl.."};
    static final String[] TF_ENGINE = {"org.tensorflow.."};

    static final ArchRule API_DEPENDS_ON_JDK_ONLY = noClasses()
            .that().resideInAnyPackage("org.gfncp.api..", "org.gfncp.spi..")
            .should().dependOnClassesThat().resideOutsideOfPackages("org.gfncp.api..", "org.gfncp.spi..", "java..")
            .because("gfncp-api is the contract every module shares, so it depends on the JDK alone");

    static final ArchRule CORE_AND_BASELINES_ARE_ENGINE_FREE = noClasses()
            .that().resideInAnyPackage("org.gfncp.core..", "org.gfncp.baselines..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..", "ai.djl..",
                    "org.tensorflow..", "org.bytedeco..",
                    "org.gfncp.backend.dl4j..", "org.gfncp.backend.djl..", "org.gfncp.backend.tf..")
            .because("algorithms reach an engine only through the backend SPI, so every backend can run them");

    static final ArchRule BACKENDS_ARE_INDEPENDENT = slices()
            .matching("org.gfncp.backend.(*)..").namingSlices("backend $1")
            .should().notDependOnEachOther()
            .because("one engine per JVM: a backend must load without any other backend's classes");

    static final ArchRule BACKENDS_DO_NOT_USE_CORE = noClasses()
            .that().resideInAPackage("org.gfncp.backend..")
            .should().dependOnClassesThat().resideInAPackage("org.gfncp.core..")
            .because("backends implement the SPI from gfncp-api; core depends on them, never the reverse");

    static final ArchRule DL4J_TYPES_STAY_IN_THEIR_BACKEND = engineConfinedTo("org.gfncp.backend.dl4j..", DL4J_ENGINE);
    static final ArchRule DJL_TYPES_STAY_IN_THEIR_BACKEND = engineConfinedTo("org.gfncp.backend.djl..", DJL_ENGINE);
    static final ArchRule TF_TYPES_STAY_IN_THEIR_BACKEND = engineConfinedTo("org.gfncp.backend.tf..", TF_ENGINE);

    static final ArchRule GUICE_IS_CONFINED_TO_INJECT = noClasses()
            .that().resideOutsideOfPackages("org.gfncp.core.inject..", "org.gfncp.bench..", "org.gfncp.cli..")
            .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
            .because("wiring lives in org.gfncp.core.inject (and the bench applications: JMH and the CLI); "
                    + "everything else stays framework-free");

    static final ArchRule NO_UNSEEDED_RANDOMNESS = noClasses()
            .should().dependOnClassesThat().belongToAnyOf(java.util.Random.class, ThreadLocalRandom.class)
            .orShould().callMethod(Math.class, "random")
            .orShould().callMethod(StrictMath.class, "random")
            .because("runs must be reproducible: org.gfncp.core.random.RandomStream is the only randomness");

    static final ArchRule BACKEND_PROVIDERS_ARE_LOADABLE = classes()
            .that().implement(BackendProvider.class).and().doNotHaveModifier(JavaModifier.ABSTRACT)
            .should().bePublic()
            .andShould().haveSimpleNameEndingWith("BackendProvider")
            .andShould().resideInAPackage("org.gfncp.backend.*")
            .andShould(havePublicNoArgConstructor())
            .because("ServiceLoader instantiates providers reflectively, and names tell readers where a backend is");

    static final ArchRule NO_CYCLES_BETWEEN_TOP_LEVEL_PACKAGES = slices()
            .matching("org.gfncp.(*)..").namingSlices("org.gfncp.$1")
            .should().beFreeOfCycles();

    private ArchitectureRules() {
    }

    private static ArchRule engineConfinedTo(String backendPackage, String... enginePackages) {
        return noClasses()
                .that().resideOutsideOfPackage(backendPackage)
                .should().dependOnClassesThat().resideInAnyPackage(enginePackages)
                .because("an engine's types must not leak beyond its own backend");
    }

    static ArchCondition<JavaClass> havePublicNoArgConstructor() {
        return new ArchCondition<>("have a public no-argument constructor") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean present = javaClass.getConstructors().stream().anyMatch(constructor ->
                        constructor.getRawParameterTypes().isEmpty()
                                && constructor.getModifiers().contains(JavaModifier.PUBLIC));
                if (!present) {
                    events.add(SimpleConditionEvent.violated(javaClass,
                            javaClass.getName() + " has no public no-argument constructor"));
                }
            }
        };
    }
}
