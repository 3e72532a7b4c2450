package org.gfncp.core.algo.pointwise;

import org.gfncp.core.nn.Activation;

/**
 * Sizes of the point-wise energy architecture (spec 1.2 and 2.2). The encoders h and u are MLPs
 * {@code D -> H_enc -> H_enc -> H_enc -> H_enc -> d_h}; g is {@code d_h -> H -> H -> H -> H -> H -> d_g}; E is
 * {@code (d_g [+ d_h]) -> H -> H -> H -> H -> H -> 1} without a final bias.
 *
 * @param pointDimension D
 * @param encoderHidden H_enc, hidden width of h and u
 * @param encodingDimension d_h
 * @param hidden H, hidden width of g and E
 * @param clusterDimension d_g
 * @param activation ReLU (GFNCP) or PReLU (NCP)
 * @param includeU whether the unassigned points enter through u and U (false: GFNCP's online variant)
 */
public record EnergyArchitecture(int pointDimension, int encoderHidden, int encodingDimension, int hidden,
        int clusterDimension, Activation activation, boolean includeU) {

    public EnergyArchitecture {
        if (pointDimension < 1 || encoderHidden < 1 || encodingDimension < 1 || hidden < 1 || clusterDimension < 1) {
            throw new IllegalArgumentException("architecture sizes must be positive, got D=" + pointDimension
                    + ", H_enc=" + encoderHidden + ", d_h=" + encodingDimension + ", H=" + hidden + ", d_g="
                    + clusterDimension);
        }
        if (activation != Activation.RELU && activation != Activation.PRELU) {
            throw new IllegalArgumentException("activation must be RELU or PRELU, got " + activation);
        }
    }

    /** Widths of h and u. */
    int[] encoderWidths() {
        return new int[] {pointDimension, encoderHidden, encoderHidden, encoderHidden, encoderHidden,
            encodingDimension};
    }

    /** Widths of g. */
    int[] clusterWidths() {
        return new int[] {encodingDimension, hidden, hidden, hidden, hidden, hidden, clusterDimension};
    }

    /** Widths of E. */
    int[] energyWidths() {
        return new int[] {clusterDimension + (includeU ? encodingDimension : 0), hidden, hidden, hidden, hidden,
            hidden, 1};
    }
}
