package org.matrixregistration.dist.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The first YAML document of a text as Jackson's tree, node for node what
 * {@code new ObjectMapper(new YAMLFactory()).readTree(text)} gives with its default features (a
 * repeated key keeps its last value, numbers get the smallest node that holds them, an empty text
 * is a missing node), but straight from the YAML parser.
 *
 * <p>Why not the ObjectMapper: building the first one in a process initialises most of
 * jackson-databind and, through its default date format, the JDK's locale data, which made reading
 * a ten-line configuration about a third of the portal's start-up (docs/benchmarks.md). The web
 * side builds its JSON mappers later, beside the first requests.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlTree() {}

    /** @throws JsonProcessingException where the text is not YAML (with the parser's location) */
    static JsonNode read(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            return first == null ? MissingNode.getInstance() : value(parser, first);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading YAML from a string", e);
        }
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT:
                ObjectNode object = NODES.objectNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken()));
                }
                return object;
            case START_ARRAY:
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                return array;
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                switch (parser.getNumberType()) {
                    case BIG_DECIMAL:
                        return NODES.numberNode(parser.getDecimalValue());
                    case FLOAT:
                        return NODES.numberNode(parser.getFloatValue());
                    default:
                        return NODES.numberNode(parser.getDoubleValue());
                }
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT:
                Object embedded = parser.getEmbeddedObject();
                if (embedded == null) {
                    return NODES.nullNode();
                }
                return embedded instanceof byte[] bytes ? NODES.binaryNode(bytes) : NODES.pojoNode(embedded);
            default:
                throw new IllegalStateException("Unexpected YAML token " + token);
        }
    }
}
