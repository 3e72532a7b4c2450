package org.gfncp.experiments;

import org.gfncp.experiments.table.TableKind;
import picocli.CommandLine.Command;

/** GFNCP Table 2, MoG rows: K fixed to 6 in training and test. */
@Command(name = "table2", mixinStandardHelpOptions = true,
        description = "GFNCP Table 2 (MoG, K fixed to 6): NMI/ARI/MC for each algorithm, mean ± std over seeds.")
final class Table2Command extends TableCommand {

    @Override
    TableKind kind() {
        return TableKind.TABLE2;
    }
}
