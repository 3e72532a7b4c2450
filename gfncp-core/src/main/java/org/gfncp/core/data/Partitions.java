package org.gfncp.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.gfncp.core.random.RandomStream;

/**
 * Label canonicalization and joint permutation of points and labels (spec 0.4). Canonical labels number clusters
 * in order of first appearance, so that sequential models can read slot {@code k} as "the k-th cluster created".
 */
public final class Partitions {

    private Partitions() {
    }

    /** Points and labels after one joint shuffle, with canonical labels and the permutation that was applied. */
    public record Shuffled(double[][] points, int[] labels, int[] permutation) {
    }

    /**
     * Canonical relabeling: scanning in order, the first new raw label becomes 0, the next 1, and so on. Raw labels may
     * be any ints (negative and sparse ones included).
     */
    public static int[] relabel(int[] labels) {
        int max = -1;
        int min = 0;
        for (int label : labels) {
            max = Math.max(max, label);
            min = Math.min(min, label);
        }
        int[] out = new int[labels.length];
        if (min >= 0 && max < 4 * labels.length + 64) {
            // The usual case (small non-negative ids): an array lookup instead of boxing into a map.
            int[] ids = new int[max + 1];
            Arrays.fill(ids, -1);
            int next = 0;
            for (int i = 0; i < labels.length; i++) {
                int id = ids[labels[i]];
                if (id < 0) {
                    id = next++;
                    ids[labels[i]] = id;
                }
                out[i] = id;
            }
            return out;
        }
        HashMap<Integer, Integer> ids = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            Integer id = ids.get(labels[i]);
            if (id == null) {
                id = ids.size();
                ids.put(labels[i], id);
            }
            out[i] = id;
        }
        return out;
    }

    /** Whether {@code labels} are already canonical (each new id is exactly one above the largest seen so far). */
    public static boolean isCanonical(int[] labels) {
        int next = 0;
        for (int label : labels) {
            if (label < 0 || label > next) {
                return false;
            }
            if (label == next) {
                next++;
            }
        }
        return true;
    }

    /** The largest set whose partitions {@link #all} lists (Bell(12) = 4,213,597 of them). */
    public static final int MAX_ENUMERATED = 12;

    /**
     * Every partition of {@code n} points as canonical labels (restricted growth strings), in lexicographic order:
     * the Bell number of them, for exact sums over all clusterings of small sets.
     */
    public static List<int[]> all(int n) {
        if (n < 1 || n > MAX_ENUMERATED) {
            throw new IllegalArgumentException("can list the partitions of 1 to " + MAX_ENUMERATED + " points, not " + n);
        }
        List<int[]> out = new ArrayList<>();
        int[] labels = new int[n];
        int[] largest = new int[n];  // largest[i]: the largest label among points 0..i
        while (true) {
            out.add(labels.clone());
            int i = n - 1;
            while (i > 0 && labels[i] > largest[i - 1]) {
                i--;
            }
            if (i == 0) {
                return out;
            }
            labels[i]++;
            largest[i] = Math.max(largest[i - 1], labels[i]);
            for (int j = i + 1; j < n; j++) {
                labels[j] = 0;
                largest[j] = largest[i];
            }
        }
    }

    /** The number of partitions of {@code n} points (the Bell number), for 1 to {@link #MAX_ENUMERATED} points. */
    public static int count(int n) {
        if (n < 1 || n > MAX_ENUMERATED) {
            throw new IllegalArgumentException("can count the partitions of 1 to " + MAX_ENUMERATED + " points, not " + n);
        }
        // Bell's triangle: each row starts with the last entry of the row before
        long[] row = {1};
        for (int i = 1; i < n; i++) {
            long[] next = new long[row.length + 1];
            next[0] = row[row.length - 1];
            for (int j = 1; j < next.length; j++) {
                next[j] = next[j - 1] + row[j - 1];
            }
            row = next;
        }
        return (int) row[row.length - 1];
    }

    /** Number of distinct labels. */
    public static int clusterCount(int[] labels) {
        return (int) Arrays.stream(labels).distinct().count();
    }

    /** Cluster sizes of canonical labels, indexed by label. */
    public static int[] sizes(int[] canonicalLabels) {
        if (!isCanonical(canonicalLabels)) {
            throw new IllegalArgumentException("labels are not canonical: " + preview(canonicalLabels));
        }
        int k = 0;
        for (int label : canonicalLabels) {
            k = Math.max(k, label + 1);
        }
        int[] sizes = new int[k];
        for (int label : canonicalLabels) {
            sizes[label]++;
        }
        return sizes;
    }

    /** Contiguous block labels for table sizes: {@code [2, 1]} gives {@code [0, 0, 1]}. */
    public static int[] blocks(int[] sizes) {
        int n = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] <= 0) {
                throw new IllegalArgumentException("cluster size " + i + " must be positive, got " + sizes[i]);
            }
            n += sizes[i];
        }
        int[] labels = new int[n];
        int at = 0;
        for (int k = 0; k < sizes.length; k++) {
            Arrays.fill(labels, at, at + sizes[k], k);
            at += sizes[k];
        }
        return labels;
    }

    /** {@code out[i] = labels[permutation[i]]}. */
    public static int[] permute(int[] labels, int[] permutation) {
        checkPermutation(permutation, labels.length);
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[permutation[i]];
        }
        return out;
    }

    /** {@code out[i] = points[permutation[i]]} (rows are shared, not copied). */
    public static double[][] permute(double[][] points, int[] permutation) {
        checkPermutation(permutation, points.length);
        double[][] out = new double[points.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = points[permutation[i]];
        }
        return out;
    }

    /** Shuffles points and labels with one permutation, then relabels canonically (always in that order). */
    public static Shuffled shuffle(double[][] points, int[] labels, RandomStream random) {
        if (points.length != labels.length) {
            throw new IllegalArgumentException(
                    "points and labels differ in length: " + points.length + " vs " + labels.length);
        }
        int[] permutation = random.permutation(points.length);
        return new Shuffled(permute(points, permutation), relabel(permute(labels, permutation)), permutation);
    }

    /**
     * GFNCP exploration labels (code behaviour): every distinct label gets a label drawn uniformly from
     * {@code 0..K-1}, so whole clusters may merge; the result is relabeled canonically.
     */
    public static int[] uniformBlockLabels(int[] labels, RandomStream random) {
        int[] canonical = relabel(labels);
        int k = clusterCount(canonical);
        int[] replacement = new int[k];
        for (int i = 0; i < k; i++) {
            replacement[i] = random.nextInt(k);
        }
        int[] out = new int[canonical.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = replacement[canonical[i]];
        }
        return relabel(out);
    }

    static void checkPermutation(int[] permutation, int n) {
        if (permutation.length != n) {
            throw new IllegalArgumentException("permutation has length " + permutation.length + ", expected " + n);
        }
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int p = permutation[i];
            if (p < 0 || p >= n || seen[p]) {
                throw new IllegalArgumentException("not a permutation of 0.." + (n - 1) + ": entry " + i + " is " + p);
            }
            seen[p] = true;
        }
    }

    static String preview(int[] labels) {
        return labels.length <= 20 ? Arrays.toString(labels)
                : Arrays.toString(Arrays.copyOf(labels, 20)).replace("]", ", ...] (" + labels.length + " labels)");
    }
}
