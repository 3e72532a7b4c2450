package org.gfncp.experiments;

import org.gfncp.experiments.table.TableKind;
import picocli.CommandLine.Command;

/** GFNCP Table 3, MoG rows: arbitrary number of clusters. */
@Command(name = "table3", mixinStandardHelpOptions = true,
        description = "GFNCP Table 3 (MoG, arbitrary K): NMI/ARI/MC for each algorithm, mean ± std over seeds.")
final class Table3Command extends TableCommand {

    @Override
    TableKind kind() {
        return TableKind.TABLE3;
    }
}
