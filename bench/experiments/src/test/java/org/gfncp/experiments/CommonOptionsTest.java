package org.gfncp.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class CommonOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        CommonOptions common;
    }

    private static CommonOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return probe.common;
    }

    @Test
    void seedsCountUpFromTheBase() {
        assertThat(parse().seedList()).containsExactly(123L, 124L, 125L);
        assertThat(parse("--seeds", "2", "--seed-base", "7").seedList()).containsExactly(7L, 8L);
    }

    @Test
    void anExplicitSeedListWinsAndMayHaveGaps() {
        assertThat(parse("--seeds", "5", "--seed-list", "123,125").seedList()).containsExactly(123L, 125L);
    }

    @Test
    void aModelSettingWithAnAlgorithmPrefixReachesThatAlgorithmOnly() {
        var plans = parse("--algorithms", "ncp,gfncp", "--iterations", "10",
                "--model-setting", "hidden=16,gfncp:objective=TELESCOPING,GFNCP:beta=0.999").plans(null);
        assertThat(plans.get("gfncp").modelSettings()).containsEntry("hidden", 16)
                .containsEntry("objective", "TELESCOPING").containsEntry("beta", 0.999).hasSize(3);
        assertThat(plans.get("ncp").modelSettings()).containsEntry("hidden", 16).hasSize(1);
    }

    @Test
    void aModelSettingForAnAlgorithmNotInTheRunIsRejected() {
        assertThatThrownBy(() -> parse("--algorithms", "ncp,gfncp", "--iterations", "10", "--model-setting",
                "gfnpc:beta=0.9").plans(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gfnpc");
        assertThatThrownBy(() -> parse("--algorithms", "ncp", "--iterations", "10", "--model-setting",
                "gfncp:beta=0.9").plans(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not among --algorithms ncp");
    }

    @Test
    void namedRunsMustBelongToTheRunsAlgorithmsAndNameTheSeed() {
        try (Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults())) {
            assertThatThrownBy(() -> parse("--algorithms", "ncp", "--runs", "gfncp=r/s{seed}").training(backend))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--runs names algorithm 'gfncp', which is not among --algorithms ncp");
            assertThatThrownBy(() -> parse("--runs", "gfncp=r/one").training(backend))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 seeds");
            assertThat(parse("--seed-list", "124", "--runs", "gfncp=r/one").training(backend)).isNotNull();
            assertThat(parse("--runs", "gfncp=r/s{seed}").training(backend)).isNotNull();
        }
    }

    @Test
    void repeatedSeedsAreRejected() {
        assertThatThrownBy(() -> parse("--seed-list", "123,123").seedList())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
    }
}
