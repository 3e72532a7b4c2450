package org.gfncp.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gfncp.core.data.Crp;
import org.gfncp.core.data.MixtureOfGaussians.LabeledSet;
import org.gfncp.core.data.Partitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSetsTest {

    @TempDir
    Path dir;

    private static void assertSame(List<LabeledSet> a, List<LabeledSet> b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).points()).isDeepEqualTo(b.get(i).points());
            assertThat(a.get(i).labels()).containsExactly(b.get(i).labels());
            assertThat(a.get(i).means()).isDeepEqualTo(b.get(i).means());
        }
    }

    @Test
    void sameSeedGivesIdenticalSetsAndAnotherSeedDoesNot() {
        TestSetSpec spec = new TestSetSpec(Profile.C, 50, 12, 0, 7);
        assertSame(TestSets.generate(spec), TestSets.generate(spec));
        List<LabeledSet> other = TestSets.generate(new TestSetSpec(Profile.C, 50, 12, 0, 8));
        assertThat(java.util.Arrays.deepEquals(other.get(0).points(), TestSets.generate(spec).get(0).points())).isFalse();
    }

    @Test
    void storedSetsReadBackBitIdenticalAndAreNotRegenerated() throws IOException {
        TestSetSpec spec = new TestSetSpec(Profile.P, 30, 9, 0, 3);
        List<LabeledSet> first = TestSets.loadOrCreate(dir, spec);
        Path file = dir.resolve(spec.fileName());
        assertThat(file).exists();
        long modified = Files.getLastModifiedTime(file).toMillis();
        assertSame(TestSets.loadOrCreate(dir, spec), first);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        assertSame(TestSets.read(file, spec), TestSets.generate(spec));
    }

    @Test
    void readingAFileForAnotherSpecFails() throws IOException {
        TestSetSpec spec = new TestSetSpec(Profile.C, 20, 2, 0, 1);
        TestSets.loadOrCreate(dir, spec);
        Path file = dir.resolve(spec.fileName());
        assertThatThrownBy(() -> TestSets.read(file, new TestSetSpec(Profile.C, 20, 2, 0, 2)))
                .isInstanceOf(IOException.class).hasMessageContaining("holds");
        Path junk = dir.resolve("junk.testset");
        Files.write(junk, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> TestSets.read(junk, spec)).isInstanceOf(IOException.class);
    }

    @Test
    void setsFollowTheirProfile() {
        for (LabeledSet set : TestSets.generate(new TestSetSpec(Profile.C, 100, 40, 0, 11))) {
            assertThat(set.size()).isEqualTo(100);
            assertThat(set.clusters()).isBetween(2, 10);
            assertThat(Partitions.isCanonical(set.labels())).isTrue();
            assertThat(Partitions.clusterCount(set.labels())).isEqualTo(set.clusters());
        }
        // profile P, arbitrary K: alpha 6 and no cap, so K averages about 24 at N = 300
        List<LabeledSet> paper = TestSets.generate(TestSetSpec.of(Profile.P, 0, 11).withSets(60));
        double meanK = paper.stream().mapToInt(LabeledSet::clusters).average().orElseThrow();
        assertThat(meanK).isCloseTo(Crp.expectedClusters(300, 6.0), within(3.0));
    }

    @Test
    void fixedKSetsHaveExactlyKClustersEvenUnderThePaperProfile() {
        TestSetSpec spec = TestSetSpec.of(Profile.P, 6, 4).withSets(30);
        assertThat(Crp.expectedClusters(300, spec.generationAlpha())).isCloseTo(6.0, within(1e-6));
        for (LabeledSet set : TestSets.generate(spec)) {
            assertThat(set.size()).isEqualTo(300);
            assertThat(set.clusters()).isEqualTo(6);
        }
        assertThat(spec.fileName()).contains("-P-").contains("k6").contains("n300").contains("m30").contains("seed4");
    }

    @Test
    void rejectsBadSpecs() {
        assertThatThrownBy(() -> new TestSetSpec(Profile.C, 1, 3, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TestSetSpec(Profile.C, 10, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TestSetSpec(Profile.C, 10, 3, 11, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TestSetSpec(null, 10, 3, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
