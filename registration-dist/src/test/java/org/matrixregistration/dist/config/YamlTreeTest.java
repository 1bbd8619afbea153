package org.matrixregistration.dist.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link YamlTree} gives node for node (types included) what Jackson's ObjectMapper reads. */
class YamlTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "~",
            "# only a comment\n",
            "server_name: 'example.org'\nport: 5000\nhost: ''\n",
            "a: 1\na: 2\n",
            "small: 2147483647\nlong: 2147483648\nhuge: 123456789012345678901234567890\nnegative: -7\nhex: 0x1F\n",
            "float: 1.5\nexp: 1e3\nbig: 123456789012345678901234567890.5\ninf: .inf\nnan: .nan\n",
            "t: true\nf: false\nyes: yes\nno: no\non: on\noff: Off\nnull1: null\nnull2: ~\nnull3:\n",
            "list: [1, 'two', 3.0, null, [nested], {k: v}]\nblock:\n  - a\n  - b: c\n    d: [e]\n",
            "quoted: '0123'\ndouble: \"yes\"\nplain: 0123\ntime: 12:30\ndate: 2024-01-31\n",
            "binary: !!binary aGVsbG8=\n",
            "rate_limit: ['100 per minute', '1000 per day']\nlogging:\n  version: 1\n  root: {level: INFO, handlers: [console]}\n",
            "first: 1\n---\nsecond: 2\n",
            "- a\n- b\n",
            "just a string\n",
            "octal: 0o17\nold_octal: 017\nhex: 0xff\nbinary: 0b101\nunderscores: 1_000\nsexagesimal: 1:30\nleading: 089\n",
            "plus: +5\nzero: -0\nbig: 123456789012345678\nbigger: 1234567890123456789\nint_max: 2147483647\n",
            "y: y\nn: N\nYES: YES\nTrue: True\nempty_quoted: ''\nempty_double: \"\"\n123: number key\nnull: null key\n",
            "anchor: &a {k: v}\nalias: *a\n",
            "tagged: !!str 123\nbang: ! 123\nint: !!int '42'\n",
            "%YAML 1.1\n---\nkey: value\n",
            "merge: <<\nstamp: 2024-01-31T10:00:00Z\nequals: =\n",
            "nested:\n  deeper:\n    - [1, 2, {three: 3}]\n    - {}\n    - []\nafter: x\n",
            "bom: \uFEFFvalue\n",
            "\uFEFFfirst: after a byte order mark\n",
            "long_text: >\n  folded\n  lines\nliteral: |\n  kept\n  lines\n",
            "broken: [1, 2\n",
            "duplicate: 1\nduplicate: {x: 1}\n",
    })
    void readsWhatTheObjectMapperReads(String yaml) {
        assertThat(outcome(() -> YamlTree.read(yaml))).isEqualTo(outcome(() -> MAPPER.readTree(yaml)));
    }

    /** The tree, or what failed and where (".inf" is a number that Jackson cannot read). */
    private static Object outcome(Read read) {
        try {
            return read.tree();
        } catch (JsonProcessingException e) {
            return e.getClass().getName() + ": " + e.getOriginalMessage() + " at " + e.getLocation();
        }
    }

    private interface Read {
        JsonNode tree() throws JsonProcessingException;
    }

    @Test
    void readsTheSampleAndTheDockerGuidesConfigurationsAsTheObjectMapperDoes() throws IOException {
        String sample = Files.readString(Path.of("..", "config", "config.sample.yaml"), StandardCharsets.UTF_8);
        String guide;
        try (InputStream in = YamlTreeTest.class.getResourceAsStream("/docker-guide/config.yaml")) {
            guide = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String yaml : new String[] {sample, guide}) {
            JsonNode read = YamlTree.read(yaml);
            assertThat(read.size()).isGreaterThan(5);
            assertThat(read).isEqualTo(MAPPER.readTree(yaml));
        }
    }

    @Test
    void readsConfigurationFilesWithoutJacksonsParserAndHandsTheRestToIt() throws IOException {
        assertThat(YamlTree.readPlain(Files.readString(Path.of("..", "config", "config.sample.yaml")))).isPresent();
        assertThat(YamlTree.readPlain("server_name: 'example.org'\nport: 5000\nip_logging: false\nx: ~\n")).isPresent();
        assertThat(YamlTree.readPlain("anchor: &a {k: v}\nalias: *a\n")).isEmpty();
        assertThat(YamlTree.readPlain("hex: 0xff\n")).isEmpty();
        assertThat(YamlTree.readPlain("float: 1.5\n")).isEmpty();
        assertThat(YamlTree.readPlain("broken: [1, 2\n")).isEmpty();
    }

    @Test
    void failsWhereTheObjectMapperFailsAndAtTheSamePlace() {
        String broken = "server_name: 'example.org'\nport: [5000\nhost: ''\n";
        JsonProcessingException expected = null;
        try {
            MAPPER.readTree(broken);
        } catch (JsonProcessingException e) {
            expected = e;
        }
        assertThat(expected).isNotNull();
        JsonProcessingException mapperFailure = expected;
        assertThatThrownBy(() -> YamlTree.read(broken)).isInstanceOfSatisfying(JsonProcessingException.class, e -> {
            assertThat(e.getOriginalMessage()).isEqualTo(mapperFailure.getOriginalMessage());
            assertThat(e.getLocation().getLineNr()).isEqualTo(mapperFailure.getLocation().getLineNr());
            assertThat(e.getLocation().getColumnNr()).isEqualTo(mapperFailure.getLocation().getColumnNr());
        });
    }
}
