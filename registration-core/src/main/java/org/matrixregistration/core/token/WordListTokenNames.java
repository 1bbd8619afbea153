package org.matrixregistration.core.token;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Generates names such as {@code DoubleWizardSki}: a number of words drawn independently and
 * uniformly with {@link SecureRandom} from a word list, each capitalised, so the names match
 * {@code ^([A-Z][a-z]+)+$} as users of the Python tool know them. The entropy is
 * {@code words x log2(list size)} bits, reported by {@link #entropyBits()}.
 */
public final class WordListTokenNames implements TokenNameGenerator {
    public static final int DEFAULT_WORDS = 3;
    /**
     * Three words of the bundled list are 36 bits: a guesser at the failed-token limit needs
     * millennia. Two (24 bits) would be within reach of a botnet, so fewer are refused.
     */
    public static final int MIN_WORDS = 3;
    public static final int MAX_WORDS = 8;
    public static final int MIN_LIST_SIZE = 2048;
    private static final String BUNDLED_LIST = "words-en.txt";
    private static final Pattern WORD = Pattern.compile("[a-z]{2,12}");

    private final List<String> words;
    private final int wordsPerName;
    private final SecureRandom random;

    public WordListTokenNames(List<String> words, int wordsPerName, SecureRandom random) {
        Objects.requireNonNull(words, "words");
        Set<String> distinct = new LinkedHashSet<>(words);
        if (distinct.size() != words.size()) {
            throw new IllegalArgumentException("the word list contains duplicates");
        }
        for (String word : words) {
            if (!WORD.matcher(word).matches()) {
                throw new IllegalArgumentException("word list entries are 2 to 12 letters a-z; got '" + word + "'");
            }
        }
        if (words.size() < MIN_LIST_SIZE) {
            throw new IllegalArgumentException(
                    "the word list needs at least " + MIN_LIST_SIZE + " words; got " + words.size());
        }
        checkWordsPerName(wordsPerName);
        this.words = List.copyOf(words);
        this.wordsPerName = wordsPerName;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The bundled English list with {@code wordsPerName} words per name. */
    public static WordListTokenNames bundled(int wordsPerName) {
        return new WordListTokenNames(bundledWords(), wordsPerName, new SecureRandom());
    }

    /**
     * As {@link #bundled}, but the list is read and checked, and the random source seeded, when the
     * first name is asked for: that was about a tenth of the portal's start-up, and most starts make
     * no token. {@code wordsPerName} is checked at once.
     */
    public static TokenNameGenerator bundledOnFirstUse(int wordsPerName) {
        checkWordsPerName(wordsPerName);
        return new TokenNameGenerator() {
            private volatile WordListTokenNames names;

            @Override
            public TokenName next() {
                WordListTokenNames built = names;
                if (built == null) {
                    synchronized (this) {
                        built = names;
                        if (built == null) {
                            built = bundled(wordsPerName);
                            names = built;
                        }
                    }
                }
                return built.next();
            }
        };
    }

    private static void checkWordsPerName(int wordsPerName) {
        if (wordsPerName < MIN_WORDS || wordsPerName > MAX_WORDS) {
            throw new IllegalArgumentException("token_words must be between " + MIN_WORDS + " and " + MAX_WORDS
                    + "; got " + wordsPerName);
        }
    }

    /** The bundled English word list. */
    public static List<String> bundledWords() {
        try (InputStream in = WordListTokenNames.class.getResourceAsStream(BUNDLED_LIST)) {
            if (in == null) {
                throw new IllegalStateException("bundled word list " + BUNDLED_LIST + " is missing from the classpath");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled word list", e);
        }
    }

    @Override
    public TokenName next() {
        StringBuilder name = new StringBuilder(wordsPerName * 8);
        for (int i = 0; i < wordsPerName; i++) {
            String word = words.get(random.nextInt(words.size()));
            name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word, 1, word.length());
        }
        return new TokenName(name.toString());
    }

    public int listSize() {
        return words.size();
    }

    public int wordsPerName() {
        return wordsPerName;
    }

    /** Bits of entropy in one generated name. */
    public double entropyBits() {
        return wordsPerName * (Math.log(words.size()) / Math.log(2));
    }
}
