package org.gfncp.spi.backend;

/**
 * Live native memory held through a backend's tensors.
 *
 * @param liveTensors tensors created and not yet released
 * @param liveBytes their element bytes
 */
public record BackendDiagnostics(long liveTensors, long liveBytes) {
}
