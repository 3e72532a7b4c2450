package org.gfncp.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.core.backend.Selection;
import org.gfncp.core.backend.SelectionSource;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.BackendUnavailableException;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {

    private static final BackendConfig CONFIG = new BackendConfig(1, 1, false);
    private static final Function<String, String> NONE = key -> null;

    private final FakeProvider low = FakeProvider.available("low", 1);
    private final FakeProvider mid = FakeProvider.available("mid", 5);
    private final FakeProvider high = FakeProvider.available("high", 10);
    private final FakeProvider envOnly = FakeProvider.available("envonly", 0);

    private static Function<String, String> only(String key, String value) {
        return k -> k.equals(key) ? value : null;
    }

    private BackendSelector selector(Function<String, String> properties, Function<String, String> env) {
        return new BackendSelector(List.of(low, mid, high, envOnly), properties, env);
    }

    @Test
    void configurationBeatsPropertyEnvironmentAndPriority() {
        Selection s = selector(only("gfncp.backend", "mid"), only("GFNCP_BACKEND", "envonly")).open("low", CONFIG);
        assertThat(s.backend().name()).isEqualTo("low");
        assertThat(s.source()).isEqualTo(SelectionSource.CONFIGURATION);
        assertThat(mid.created).isEmpty();
        assertThat(high.created).isEmpty();
    }

    @Test
    void propertyBeatsEnvironmentAndPriority() {
        Selection s = selector(only("gfncp.backend", "mid"), only("GFNCP_BACKEND", "envonly")).open(null, CONFIG);
        assertThat(s.backend().name()).isEqualTo("mid");
        assertThat(s.source()).isEqualTo(SelectionSource.SYSTEM_PROPERTY);
    }

    @Test
    void environmentBeatsPriority() {
        Selection s = selector(NONE, only("GFNCP_BACKEND", "envonly")).open("  ", CONFIG);
        assertThat(s.backend().name()).isEqualTo("envonly");
        assertThat(s.source()).isEqualTo(SelectionSource.ENVIRONMENT);
    }

    @Test
    void highestPriorityWinsWhenNothingNamesOne() {
        Selection s = selector(only("gfncp.backend", ""), NONE).open(null, CONFIG);
        assertThat(s.backend().name()).isEqualTo("high");
        assertThat(s.source()).isEqualTo(SelectionSource.PRIORITY);
        assertThat(high.lastConfig).isSameAs(CONFIG);
    }

    @Test
    void namesAreMatchedTrimmedAndCaseInsensitively() {
        assertThat(selector(NONE, NONE).open(" MID ", CONFIG).backend().name()).isEqualTo("mid");
    }

    @Test
    void priorityRuleSkipsUnavailableAndFailingProviders() {
        FakeProvider best = FakeProvider.unavailable("best", 100, "no CUDA driver");
        FakeProvider broken = FakeProvider.failing("broken", 50, new IllegalStateException("libfoo.so missing"));
        BackendSelector selector = new BackendSelector(List.of(low, best, broken), NONE, NONE);
        Selection s = selector.open(null, CONFIG);
        assertThat(s.backend().name()).isEqualTo("low");
        assertThat(best.created).isEmpty();
    }

    @Test
    void unknownNameListsEveryBackendWithItsStatus() {
        FakeProvider gpu = FakeProvider.unavailable("gpu", 3, "no CUDA driver");
        BackendSelector selector = new BackendSelector(List.of(low, gpu), only("gfncp.backend", "nosuch"), NONE);
        assertThatThrownBy(() -> selector.open(null, CONFIG))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("Unknown backend 'nosuch'")
                .hasMessageContaining("system property gfncp.backend")
                .hasMessageMatching("(?s).*low +priority +1 +available.*")
                .hasMessageMatching("(?s).*gpu +priority +3 +not available: no CUDA driver.*");
    }

    @Test
    void namedUnavailableBackendIsAnErrorNotAFallback() {
        FakeProvider gpu = FakeProvider.unavailable("gpu", 3, "no CUDA driver");
        BackendSelector selector = new BackendSelector(List.of(low, gpu), NONE, only("GFNCP_BACKEND", "gpu"));
        assertThatThrownBy(() -> selector.open(null, CONFIG))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("Backend 'gpu' (from environment variable GFNCP_BACKEND) cannot run here: "
                        + "no CUDA driver")
                .hasMessageContaining("low");
        assertThat(low.created).isEmpty();
    }

    @Test
    void namedBackendThatFailsToLoadReportsTheFailureAndKeepsTheCause() {
        IllegalStateException failure = new IllegalStateException("libtorch.so: cannot open");
        FakeProvider broken = FakeProvider.failing("broken", 3, failure);
        BackendSelector selector = new BackendSelector(List.of(low, broken), NONE, NONE);
        assertThatThrownBy(() -> selector.open("broken", CONFIG))
                .isInstanceOf(BackendUnavailableException.class)
                .hasCause(failure)
                .hasMessageMatching("(?s).*broken +priority +3 +failed to load: IllegalStateException: "
                        + "libtorch.so: cannot open.*")
                .hasMessageMatching("(?s).*low +priority +1 +available.*");
    }

    @Test
    void noUsableBackendListsAllReasons() {
        FakeProvider gpu = FakeProvider.unavailable("gpu", 3, "no CUDA driver");
        FakeProvider broken = FakeProvider.failing("broken", 2, new IllegalStateException("boom"));
        BackendSelector selector = new BackendSelector(List.of(gpu, broken), NONE, NONE);
        assertThatThrownBy(() -> selector.open(null, CONFIG))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("No usable backend")
                .hasMessageContaining("not available: no CUDA driver")
                .hasMessageContaining("failed to load: IllegalStateException: boom");
    }

    @Test
    void emptyClasspathSaysToAddABackendJar() {
        BackendSelector selector = new BackendSelector(List.of(), NONE, NONE);
        assertThatThrownBy(() -> selector.open("djl", CONFIG))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("No backend was discovered")
                .hasMessageContaining("META-INF/services/org.gfncp.spi.backend.BackendProvider");
    }

    @Test
    void duplicateNamesAreRejected() {
        List<BackendProvider> twice = List.of(FakeProvider.available("same", 1), FakeProvider.available("SAME", 2));
        assertThatThrownBy(() -> new BackendSelector(twice, NONE, NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Two backend providers are named 'SAME'");
    }

    @Test
    void requestReportsTheWinningRule() {
        BackendSelector selector = selector(only("gfncp.backend", "Mid"), NONE);
        assertThat(selector.request(null)).contains(
                new BackendSelector.Request("mid", SelectionSource.SYSTEM_PROPERTY));
        assertThat(selector(NONE, NONE).request(null)).isEmpty();
    }

    @Test
    void providersAreOrderedByPriorityAndReported() {
        BackendSelector selector = selector(NONE, NONE);
        assertThat(selector.providers()).extracting(BackendProvider::name)
                .containsExactly("high", "mid", "low", "envonly");
        assertThat(selector.report().lines().map(String::trim))
                .allMatch(line -> line.endsWith("available"))
                .hasSize(4);
    }

    @Test
    void realEnvironmentLookupIsNotConsultedWhenInjected() {
        Map<String, String> env = Map.of("GFNCP_BACKEND", "low");
        assertThat(selector(NONE, env::get).open(null, CONFIG).backend().name()).isEqualTo("low");
    }
}
