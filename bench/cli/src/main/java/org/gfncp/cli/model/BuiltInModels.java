package org.gfncp.cli.model;

import java.util.List;

/** The model factories of the algorithms in gfncp-core. */
final class BuiltInModels {

    private BuiltInModels() {
    }

    static List<ModelFactory> factories() {
        return List.of(new GfncpModels(), new NcpModels());
    }
}
