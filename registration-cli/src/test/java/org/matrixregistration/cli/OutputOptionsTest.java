package org.matrixregistration.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON the commands print: its layout and escapes are what scripts have read so far. */
class OutputOptionsTest {
    @Test
    void writesNestedValuesIndentedInInsertionOrder() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("name", "DoubleWizardSki");
        object.put("used", 2);
        object.put("expiration_date", null);
        object.put("ips", List.of("192.0.2.1", "192.0.2.2"));
        object.put("empty", List.of());
        object.put("facts", Map.of());
        object.put("uses", List.of(Map.of("user_id", "@ann:example.org")));
        object.put("active", true);

        assertThat(OutputOptions.json(object)).isEqualTo("""
                {
                  "name": "DoubleWizardSki",
                  "used": 2,
                  "expiration_date": null,
                  "ips": [
                    "192.0.2.1",
                    "192.0.2.2"
                  ],
                  "empty": [],
                  "facts": {},
                  "uses": [
                    {
                      "user_id": "@ann:example.org"
                    }
                  ],
                  "active": true
                }""");
    }

    @Test
    void escapesEveryCharacterThatJsonRequires() throws Exception {
        String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 escape \u001b line separator \u2028 é 🙂";

        String json = OutputOptions.json(Arrays.asList(nasty, null));

        JsonNode parsed = new ObjectMapper().readTree(json);
        assertThat(parsed.get(0).asText()).isEqualTo(nasty);
        assertThat(json).doesNotContain("\u0007").doesNotContain("\u001b").contains("\\u2028");
    }

    @Test
    void escapesControlCharactersAsBeforeWithLowerCaseHex() {
        assertThat(OutputOptions.json("\b\f\u001b\r\n\t\u2029/\u007f"))
                .isEqualTo("\"\\u0008\\u000c\\u001b\\r\\n\\t\\u2029/\u007f\"");
    }

    @Test
    void refusesValuesWithoutAJsonForm() {
        assertThatThrownBy(() -> OutputOptions.json(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class);
    }
}
