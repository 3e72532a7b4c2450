package org.gfncp.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NativeMemoryGuardTest {

    private final AtomicLong resident = new AtomicLong(1000);
    private final AtomicInteger collected = new AtomicInteger();

    private NativeMemoryGuard guard(long headroom) {
        return new NativeMemoryGuard(headroom, resident::get, () -> {
            collected.incrementAndGet();
            resident.addAndGet(-30); // a collection frees some, not all, of the growth
        });
    }

    @Test
    void collectsOnlyWhenResidentMemoryOutgrowsTheHeadroomSinceTheLastCollection() {
        NativeMemoryGuard guard = guard(100);
        resident.set(1100);
        guard.check();
        assertThat(collected).hasValue(0); // exactly the headroom: not past it
        resident.set(1101);
        guard.check();
        assertThat(collected).hasValue(1);
        // measured again from the 1071 left after collecting, not from the first baseline
        resident.set(1171);
        guard.check();
        assertThat(collected).hasValue(1);
        resident.set(1172);
        guard.check();
        assertThat(collected).hasValue(2);
        assertThat(guard.collections()).isEqualTo(2);
    }

    @Test
    void looksAtResidentMemoryOncePerBlockOfResults() {
        NativeMemoryGuard guard = guard(10);
        resident.set(5000);
        for (int i = 1; i < NativeMemoryGuard.CHECK_EVERY; i++) {
            guard.onResult();
        }
        assertThat(collected).hasValue(0);
        guard.onResult();
        assertThat(collected).hasValue(1);
    }

    @Test
    void rejectsANonPositiveHeadroom() {
        assertThatThrownBy(() -> guard(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headroom");
    }
}
