package org.gfncp.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.gfncp.spi.backend.BackendProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks every rule against the production classes of all modules on this module's test class path. */
class ArchitectureTest {

    /** Each backend package that must contribute a provider; a missing one means the import silently shrank. */
    private static final List<String> BACKEND_PACKAGES = List.of(
            "org.gfncp.backend.reference", "org.gfncp.backend.dl4j", "org.gfncp.backend.djl", "org.gfncp.backend.tf");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.gfncp");
    }

    @Test
    void importSeesEveryModule() {
        assertThat(production.stream().map(JavaClass::getPackageName))
                .anyMatch(p -> p.startsWith("org.gfncp.api"))
                .anyMatch(p -> p.startsWith("org.gfncp.spi"))
                .anyMatch(p -> p.startsWith("org.gfncp.core"))
                .anyMatch(p -> p.startsWith("org.gfncp.cli"))
                .anyMatch(p -> p.startsWith("org.gfncp.bench"));
        assertThat(production.stream().map(JavaClass::getName))
                .as("test classes and fixtures must not be imported as production code")
                .noneMatch(name -> name.contains("archfixture") || name.startsWith("org.gfncp.architecture"));
    }

    @Test
    void importSeesEachBackendsProvider() {
        List<String> providerPackages = production.stream()
                .filter(c -> !c.isInterface() && c.isAssignableTo(BackendProvider.class))
                .map(JavaClass::getPackageName)
                .toList();
        assertThat(providerPackages).containsAll(BACKEND_PACKAGES);
    }

    @Test
    void apiDependsOnTheJdkOnly() {
        ArchitectureRules.API_DEPENDS_ON_JDK_ONLY.check(production);
    }

    @Test
    void coreAndBaselinesAreEngineFree() {
        ArchitectureRules.CORE_AND_BASELINES_ARE_ENGINE_FREE.check(production);
    }

    @Test
    void backendsAreIndependent() {
        ArchitectureRules.BACKENDS_ARE_INDEPENDENT.check(production);
    }

    @Test
    void backendsDoNotUseCore() {
        ArchitectureRules.BACKENDS_DO_NOT_USE_CORE.check(production);
    }

    @Test
    void engineTypesStayInTheirBackend() {
        ArchitectureRules.DL4J_TYPES_STAY_IN_THEIR_BACKEND.check(production);
        ArchitectureRules.DJL_TYPES_STAY_IN_THEIR_BACKEND.check(production);
        ArchitectureRules.TF_TYPES_STAY_IN_THEIR_BACKEND.check(production);
    }

    @Test
    void guiceIsConfinedToInject() {
        ArchitectureRules.GUICE_IS_CONFINED_TO_INJECT.check(production);
    }

    @Test
    void noUnseededRandomness() {
        ArchitectureRules.NO_UNSEEDED_RANDOMNESS.check(production);
    }

    @Test
    void backendProvidersAreLoadable() {
        ArchitectureRules.BACKEND_PROVIDERS_ARE_LOADABLE.check(production);
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        ArchitectureRules.NO_CYCLES_BETWEEN_TOP_LEVEL_PACKAGES.check(production);
    }
}
