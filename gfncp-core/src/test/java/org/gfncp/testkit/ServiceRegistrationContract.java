package org.gfncp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.ServiceLoader;
import org.gfncp.spi.backend.BackendProvider;
import org.junit.jupiter.api.Test;

/** The provider is discoverable through {@code META-INF/services}, cheap to construct, and names its backend. */
public interface ServiceRegistrationContract extends BackendFixture {

    private static List<BackendProvider> loaded() {
        return ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    @Test
    default void serviceLoaderFindsTheProvider() {
        assertThat(loaded())
                .as("providers registered in META-INF/services/" + BackendProvider.class.getName())
                .anySatisfy(p -> {
                    assertThat(p.name()).isEqualTo(provider().name());
                    assertThat(p.getClass()).isEqualTo(provider().getClass());
                });
    }

    @Test
    default void providerNamesAreUniqueAndLowerCase() {
        List<String> names = loaded().stream().map(BackendProvider::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(provider().name()).isNotBlank().isEqualTo(provider().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    default void providerHasAPublicNoArgConstructor() throws ReflectiveOperationException {
        Class<?> type = provider().getClass();
        assertThat(Modifier.isPublic(type.getModifiers())).as(type + " is public").isTrue();
        Constructor<?> ctor = type.getConstructor();
        assertThat(Modifier.isPublic(ctor.getModifiers())).isTrue();
        Object fresh = ctor.newInstance();
        assertThat(((BackendProvider) fresh).name()).isEqualTo(provider().name());
    }

    @Test
    default void providerIsAvailableHere() {
        assertThat(provider().isAvailable()).as(provider().unavailableReason()).isTrue();
        assertThat(provider().unavailableReason()).isEmpty();
    }

    @Test
    default void createdBackendCarriesTheProviderName() {
        assertThat(backend().name()).isEqualTo(provider().name());
        assertThat(backend().engineVersion()).isNotBlank();
        assertThat(backend().capabilities()).isNotNull();
        assertThat(backend().ops()).isNotNull();
    }
}
