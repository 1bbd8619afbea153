package org.matrixregistration.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WordListTokenNamesTest {
    private static final List<String> BUNDLED = WordListTokenNames.bundledWords();

    /** A "random" source that returns 0, 1, 2, ... so tests can predict every draw. */
    private static final class CountingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private int next;

        @Override
        public int nextInt(int bound) {
            return next++ % bound;
        }
    }

    @Test
    void bundlesAtLeast2048DistinctShortLowerCaseWords() {
        assertThat(BUNDLED).hasSizeGreaterThanOrEqualTo(2048).doesNotHaveDuplicates()
                .allSatisfy(word -> assertThat(word).matches("[a-z]{3,7}"));
    }

    @Test
    void reportsTheEntropyOfTheBundledList() {
        WordListTokenNames names = WordListTokenNames.bundled(3);

        assertThat(names.listSize()).isEqualTo(BUNDLED.size());
        assertThat(names.entropyBits()).isEqualTo(3 * Math.log(BUNDLED.size()) / Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(WordListTokenNames.bundled(4).entropyBits()).isGreaterThan(names.entropyBits());
    }

    @Test
    void makesNamesOfCapitalisedWordsAsUsersOfTheOldToolKnowThem() {
        WordListTokenNames names = WordListTokenNames.bundled(3);

        Set<String> drawn = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> drawn.add(names.next().value()));

        assertThat(drawn).allSatisfy(name -> assertThat(name).matches("^([A-Z][a-z]+){3}$"));
        assertThat(drawn).as("1000 draws of 36 bits do not collide").hasSize(1000);
    }

    @Test
    void readsTheBundledListOnFirstUseAndChecksTheNumberOfWordsAtOnce() {
        TokenNameGenerator names = WordListTokenNames.bundledOnFirstUse(4);

        Set<String> drawn = new HashSet<>();
        IntStream.range(0, 200).forEach(i -> drawn.add(names.next().value()));

        assertThat(drawn).hasSize(200).allSatisfy(name -> assertThat(name).matches("^([A-Z][a-z]+){4}$"));
        assertThatThrownBy(() -> WordListTokenNames.bundledOnFirstUse(9)).hasMessageContaining("token_words must be between 3 and 8");
    }

    @Test
    void drawsEachWordFromTheList() {
        List<String> words = IntStream.range(0, 2048).mapToObj(WordListTokenNamesTest::word).toList();
        WordListTokenNames names = new WordListTokenNames(words, 3, new CountingRandom());

        assertThat(names.next()).isEqualTo(new TokenName("AaaAabAac"));
        assertThat(names.next()).isEqualTo(new TokenName("AadAaeAaf"));
    }

    @Test
    void refusesListsThatWouldWeakenOrBreakNames() {
        List<String> small = IntStream.range(0, 2047).mapToObj(WordListTokenNamesTest::word).toList();
        List<String> duplicated = IntStream.range(0, 2048).mapToObj(i -> word(i % 2047)).toList();
        List<String> capitalised = IntStream.range(0, 2048).mapToObj(i -> i == 7 ? "Upper" : word(i)).toList();

        assertThatThrownBy(() -> new WordListTokenNames(small, 3, new SecureRandom())).hasMessageContaining("at least 2048");
        assertThatThrownBy(() -> new WordListTokenNames(duplicated, 3, new SecureRandom())).hasMessageContaining("duplicates");
        assertThatThrownBy(() -> new WordListTokenNames(capitalised, 3, new SecureRandom())).hasMessageContaining("'Upper'");
        assertThatThrownBy(() -> WordListTokenNames.bundled(2)).hasMessageContaining("token_words must be between 3 and 8");
    }

    /** A distinct three-letter lower-case word for every index below 26^3. */
    private static String word(int index) {
        return "" + (char) ('a' + index / 676) + (char) ('a' + index / 26 % 26) + (char) ('a' + index % 26);
    }
}
