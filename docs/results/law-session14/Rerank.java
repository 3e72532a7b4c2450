import java.nio.file.Path;
import java.util.*;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.model.*;
import org.gfncp.core.algo.pointwise.*;
import org.gfncp.core.data.*;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.random.RandomStream;

import org.gfncp.spi.backend.*;

/** For each generated set: greedy, samples; choose by sequential log-prob vs by terminal energy vs by law. */
public class Rerank {
    public static void main(String[] a) throws Exception {
        Path ckpt = Path.of(a[0]);
        int sets = Integer.parseInt(a[1]), samples = Integer.parseInt(a[2]);
        double alpha = Double.parseDouble(a[3]); int n = Integer.parseInt(a[4]);
        MixtureOfGaussians law = new MixtureOfGaussians();
        List<MixtureOfGaussians.LabeledSet> data = law.testSets(sets, n, alpha, ClusterCountRule.between(1, n), new RandomStream(2025));
        try (LoadedModel m = LoadedModel.open(ckpt, Algorithms.builtIn(), BackendChoice.fromClasspath(), "djl", 1)) {
            PointwiseClusterer c = (PointwiseClusterer) m.clusterer();
            int oracleLp = 0, oracleE = 0, oracleLaw = 0; double dLp = 0, dE = 0;
            double[] ari = new double[5]; double[] nmi = new double[5];
            for (int s = 0; s < sets; s++) {
                MixtureOfGaussians.LabeledSet set = data.get(s);
                Clustering greedy = c.greedy(List.<double[][]>of(set.points()), new RandomStream(s)).get(0);
                List<int[]> cands = new ArrayList<>();
                cands.add(greedy.labels());
                cands.add(law.oracleLabels(set));
                cands.add(set.labels());
                for (Clustering x : c.sample(set.points(), samples, 1000 + s)) cands.add(x.labels());
                double[] lp = new double[cands.size()], en = new double[cands.size()], lj = new double[cands.size()];
                for (int i = 0; i < cands.size(); i++) {
                    lp[i] = c.logProb(set.points(), cands.get(i));
                    lj[i] = law.logJoint(set.points(), cands.get(i), alpha);
                    try (var scope = c.backend().openScope()) {
                        var enc = c.energy().encode(c.diff().constant(c.energy().points(new double[][][] {set.points()})), null, false);
                        en[i] = c.diff().ops().toDoubles(c.energy().terminalEnergies(enc, new int[][] {Partitions.relabel(cands.get(i))}, false).value())[0];
                    }
                }
                if (lp[1] > lp[0]) oracleLp++;
                if (en[1] < en[0]) oracleE++;
                if (lj[1] > lj[0]) oracleLaw++;
                dLp += lp[1] - lp[0]; dE += en[1] - en[0];
                cands.remove(2); cands.remove(1);
                lp = drop(lp); en = drop(en); lj = drop(lj);
                int[] pick = {0, argmax(lp), argmin(en), argmax(lj), -1};
                for (int k = 0; k < 4; k++) {
                    ari[k] += ClusteringMetrics.ari(set.labels(), cands.get(pick[k]));
                    nmi[k] += ClusteringMetrics.nmi(set.labels(), cands.get(pick[k]));
                }
                ari[4] += ClusteringMetrics.ari(set.labels(), law.oracleLabels(set));
                nmi[4] += ClusteringMetrics.nmi(set.labels(), law.oracleLabels(set));
                if (s % 10 == 9) System.err.printf("%d sets; greedy %.4f logp %.4f energy %.4f law %.4f%n", s + 1, ari[0]/(s+1), ari[1]/(s+1), ari[2]/(s+1), ari[3]/(s+1));
            }
            System.out.printf("oracle labels preferred over greedy: by model logp %d, by model energy %d, by law %d of %d; mean logp(oracle)-logp(greedy) %.2f, E(oracle)-E(greedy) %.2f%n", oracleLp, oracleE, oracleLaw, sets, dLp / sets, dE / sets);
            String[] names = {"greedy", "best logp", "lowest E", "best law", "oracle"};
            for (int k = 0; k < 5; k++) System.out.printf("%-10s NMI %.4f ARI %.4f%n", names[k], nmi[k] / sets, ari[k] / sets);
        }
    }
    static double[] drop(double[] v) { double[] o = new double[v.length - 2]; o[0] = v[0]; System.arraycopy(v, 3, o, 1, v.length - 3); return o; }
    static int argmax(double[] v) { int b = 0; for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i; return b; }
    static int argmin(double[] v) { int b = 0; for (int i = 1; i < v.length; i++) if (v[i] < v[b]) b = i; return b; }
}
