package org.gfncp.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.gfncp.backend.beta.BetaBackendProvider;
import org.gfncp.spi.backend.BackendProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves each rule reports real violations: it is checked against fixture classes (test sources of this
 * module) that break it on purpose. Every assertion names the offending class, so a rule failing for another
 * reason, such as selecting no classes at all, does not count as biting.
 */
class RulesBiteTest {

    private static JavaClasses fixtures;

    @BeforeAll
    static void importFixtures() {
        // The SPI package comes along so "implements BackendProvider" is known; it breaks no rule itself.
        fixtures = new ClassFileImporter().importPackages("org.gfncp.core.archfixture", "org.gfncp.api.archfixture",
                "org.gfncp.baselines.archfixture", "org.gfncp.backend.alpha", "org.gfncp.backend.beta",
                "org.gfncp.spi.backend");
    }

    private static String violations(ArchRule rule) {
        AssertionError error = catchThrowableOfType(AssertionError.class, () -> rule.check(fixtures));
        assertThat(error).as("rule should report a violation: %s", rule.getDescription()).isNotNull();
        return error.getMessage();
    }

    @Test
    void apiRuleCatchesADependencyOnCore() {
        assertThat(violations(ArchitectureRules.API_DEPENDS_ON_JDK_ONLY))
                .contains("org.gfncp.api.archfixture.ApiLeak")
                .contains("org.gfncp.core.archfixture.CoreCallsApi");
    }

    @Test
    void engineFreeRuleCatchesAnEngineTypeInCore() {
        assertThat(violations(ArchitectureRules.CORE_AND_BASELINES_ARE_ENGINE_FREE))
                .contains("org.gfncp.core.archfixture.CoreUsesEngine")
                .contains("ai.djl.archfixture.FakeNdArray");
    }

    @Test
    void backendIsolationCatchesOneBackendUsingAnother() {
        assertThat(violations(ArchitectureRules.BACKENDS_ARE_INDEPENDENT))
                .contains("backend alpha")
                .contains("org.gfncp.backend.alpha.AlphaUsesBeta");
    }

    @Test
    void backendRuleCatchesADependencyOnCore() {
        assertThat(violations(ArchitectureRules.BACKENDS_DO_NOT_USE_CORE))
                .contains("org.gfncp.backend.alpha.AlphaUsesCore");
    }

    @Test
    void engineConfinementCatchesDjlTypesInAnotherBackend() {
        assertThat(violations(ArchitectureRules.DJL_TYPES_STAY_IN_THEIR_BACKEND))
                .contains("org.gfncp.backend.beta.BetaUsesDjl");
    }

    @Test
    void guiceRuleCatchesGuiceOutsideInject() {
        assertThat(violations(ArchitectureRules.GUICE_IS_CONFINED_TO_INJECT))
                .contains("org.gfncp.baselines.archfixture.BaselineUsesGuice")
                .contains("com.google.inject.Injector");
    }

    @Test
    void randomnessRuleCatchesEachForbiddenSource() {
        assertThat(violations(ArchitectureRules.NO_UNSEEDED_RANDOMNESS))
                .contains("org.gfncp.core.archfixture.CoreUsesJavaRandom")
                .contains("org.gfncp.core.archfixture.CoreUsesMathRandom")
                .contains("org.gfncp.core.archfixture.CoreUsesThreadLocalRandom");
    }

    @Test
    void providerRuleCatchesHiddenMisnamedAndUnconstructibleProviders() {
        assertThat(violations(ArchitectureRules.BACKEND_PROVIDERS_ARE_LOADABLE))
                .contains("org.gfncp.core.archfixture.HiddenBackendProvider")
                .contains("org.gfncp.backend.alpha.MisnamedProvider has no public no-argument constructor")
                .doesNotContain("BetaBackendProvider");
    }

    @Test
    void providerRuleAcceptsAWellFormedProvider() {
        JavaClasses good = new ClassFileImporter().importClasses(BetaBackendProvider.class, BackendProvider.class);
        assertThatCode(() -> ArchitectureRules.BACKEND_PROVIDERS_ARE_LOADABLE.check(good)).doesNotThrowAnyException();
    }

    @Test
    void cycleRuleCatchesApiAndCoreDependingOnEachOther() {
        assertThat(violations(ArchitectureRules.NO_CYCLES_BETWEEN_TOP_LEVEL_PACKAGES))
                .contains("org.gfncp.api")
                .contains("org.gfncp.core")
                .contains("Cycle");
    }
}
