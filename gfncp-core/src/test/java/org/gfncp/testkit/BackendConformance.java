package org.gfncp.testkit;

/**
 * The whole conformance kit in one interface. A backend module runs it with one adapter test class:
 * <pre>{@code
 * class DjlConformanceTest implements BackendConformance {
 *     @Override
 *     public BackendProvider provider() {
 *         return new DjlBackendProvider();
 *     }
 * }
 * }</pre>
 */
public interface BackendConformance extends TensorOpsContract, MemoryContract, ServiceRegistrationContract,
        GradientContract, TrainingAgreementContract {
}
