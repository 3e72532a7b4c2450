package org.gfncp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * DJL and ND4J log through SLF4J. Without a provider on the tool's class path each run opens with SLF4J's
 * "no providers" warnings; with one at its default level the engines' set-up lines would drown the tool's output.
 */
class LoggingSetupTest {

    @Test
    void anSlf4jProviderIsOnTheToolsClassPath() throws ClassNotFoundException {
        // By name: the tool itself never calls SLF4J, so the API is not on its compile class path.
        Class<?> spi = Class.forName("org.slf4j.spi.SLF4JServiceProvider");
        assertThat(ServiceLoader.load(spi).stream().count()).isPositive();
    }

    @Test
    void enginesLogWarningsOnlyAndToStandardError() throws IOException {
        Properties settings = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/simplelogger.properties")) {
            assertThat(in).isNotNull();
            settings.load(in);
        }
        assertThat(settings.getProperty("org.slf4j.simpleLogger.defaultLogLevel")).isEqualTo("warn");
        assertThat(settings.getProperty("org.slf4j.simpleLogger.logFile")).isEqualTo("System.err");
    }
}
