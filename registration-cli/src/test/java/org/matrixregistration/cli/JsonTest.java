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

class JsonTest {
    @Test
    void writesNestedValuesIndentedInInsertionOrder() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("name", "DoubleWizardSki");
        object.put("used", 2);
        object.put("expiration_date", null);
        object.put("ips", List.of("192.0.2.1", "192.0.2.2"));
        object.put("empty", List.of());
        object.put("facts", Map.of());
        object.put("active", true);

        assertThat(Json.write(object)).isEqualTo("""
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
                  "active": true
                }""");
    }

    @Test
    void escapesEveryCharacterThatJsonRequires() throws Exception {
        String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 escape \u001b line separator \u2028 é 🙂";

        String json = Json.write(Arrays.asList(nasty, null));

        JsonNode parsed = new ObjectMapper().readTree(json);
        assertThat(parsed.get(0).asText()).isEqualTo(nasty);
        assertThat(json).doesNotContain("\u0007").doesNotContain("\u001b").contains("\\u2028");
    }

    @Test
    void refusesValuesWithoutAJsonForm() {
        assertThatThrownBy(() -> Json.write(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class);
    }
}
