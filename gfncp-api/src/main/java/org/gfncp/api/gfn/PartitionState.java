package org.gfncp.api.gfn;

/**
 * A batch of partial clusterings that are built one point at a time. Row r visits the points of its set in
 * {@link #order(int)}; after {@link #step()} steps its first {@code min(step, size(r))} visited points carry
 * canonical labels (cluster ids in order of first appearance). A row whose set is exhausted is done and does not
 * change any more, so sets of different sizes can share one batch.
 */
public interface PartitionState {

    /** Number of rows R (sets, samples or beams). */
    int rows();

    /** Number of steps taken so far; the point visited next by every row that is not done has this index. */
    int step();

    /** N_r, the number of points of row r's set. */
    int size(int row);

    /** K_r, the number of clusters row r has opened so far. */
    int clusters(int row);

    /** Labels of row r's visited points, in visit order (a copy). */
    int[] labels(int row);

    /** Visit order of row r: entry i is the input index of the i-th visited point (a copy). */
    int[] order(int row);

    /** True once every point of row r has a label. */
    default boolean done(int row) {
        return step() >= size(row);
    }
}
