package org.gfncp.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NativeMemoryGuardTest {

    private final AtomicLong resident = new AtomicLong(1000);
    private final AtomicInteger collected = new AtomicInteger();

    private NativeMemoryGuard guard(long headroom) {
        return guard(headroom, 0);
    }

    private NativeMemoryGuard guard(long headroom, long ceiling) {
        return new NativeMemoryGuard(headroom, ceiling, resident::get, () -> {
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
    void rejectsANonPositiveHeadroomOrANegativeCeiling() {
        assertThatThrownBy(() -> guard(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headroom");
        assertThatThrownBy(() -> guard(10, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ceiling");
    }

    @Test
    void aboveTheCeilingItCollectsEvenWithinTheHeadroomAndGoesOnIfThatBringsItBelow() {
        NativeMemoryGuard guard = guard(1000, 1050);
        resident.set(1060);
        guard.check(); // 1030 after collecting
        assertThat(collected).hasValue(1);
        resident.set(1050);
        guard.check();
        assertThat(collected).hasValue(1);
    }

    @Test
    void stopsWithAnErrorNamingTheRemedyWhenACollectionLeavesItAboveTheCeiling() {
        NativeMemoryGuard guard = guard(1000, 2L << 20);
        resident.set((2L << 20) + 31);
        assertThatThrownBy(guard::check).isInstanceOf(OutOfMemoryError.class)
                .hasMessageContaining("above the limit of 2 MiB")
                .hasMessageContaining("--resume")
                .hasMessageContaining(Dl4jBackend.RESIDENT_LIMIT);
        assertThat(collected).hasValue(1);
    }

    @Test
    void theCeilingComesFromItsPropertyOrJavaCppsOrFourHeaps() {
        Properties p = new Properties();
        assertThat(Dl4jBackend.residentLimit(p)).isEqualTo(4 * Runtime.getRuntime().maxMemory());
        p.setProperty("org.bytedeco.javacpp.maxphysicalbytes", "0"); // what the backend sets: not a limit of ours
        assertThat(Dl4jBackend.residentLimit(p)).isEqualTo(4 * Runtime.getRuntime().maxMemory());
        p.setProperty("org.bytedeco.javacpp.maxphysicalbytes", "8g");
        assertThat(Dl4jBackend.residentLimit(p)).isEqualTo(8L << 30);
        p.setProperty(Dl4jBackend.RESIDENT_LIMIT, "512M");
        assertThat(Dl4jBackend.residentLimit(p)).isEqualTo(512L << 20);
        p.setProperty(Dl4jBackend.RESIDENT_LIMIT, "0");
        assertThat(Dl4jBackend.residentLimit(p)).isZero();
        p.setProperty(Dl4jBackend.RESIDENT_LIMIT, "lots");
        assertThatThrownBy(() -> Dl4jBackend.residentLimit(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Dl4jBackend.RESIDENT_LIMIT).hasMessageContaining("lots");
    }
}
