package org.gfncp.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.core.backend.Diagnose;
import org.gfncp.spi.backend.BackendUnavailableException;
import org.junit.jupiter.api.Test;

class DiagnoseTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void reportsTheReferenceBackendAsCorrectAndLeakFree() {
        BackendSelector selector = new BackendSelector(
                List.of(new ReferenceBackendProvider(), FakeProvider.unavailable("gpu", 7, "no driver")),
                k -> null, k -> null);
        Diagnose.run("reference", selector, out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .containsPattern("gpu +priority +7 +not available: no driver")
                .contains("Selected reference (by configuration)")
                .contains("matmul + logSumExp correct")
                .containsPattern("Timing: float32 matmul 128x128 x 128x128: [0-9.]+ us/op")
                .contains("every tensor released");
    }

    @Test
    void failsWithTheBackendListWhenTheNameIsUnknown() {
        BackendSelector selector = new BackendSelector(List.of(new ReferenceBackendProvider()), k -> null, k -> null);
        assertThatThrownBy(() -> Diagnose.run("nosuch", selector, out))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("reference");
    }
}
