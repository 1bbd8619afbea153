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
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The first YAML document of a text as Jackson's tree, node for node what
 * {@code new ObjectMapper(new YAMLFactory()).readTree(text)} gives with its default features (a
 * repeated key keeps its last value, numbers get the smallest node that holds them, an empty text
 * is a missing node), without an ObjectMapper and, for the plain documents that configuration
 * files are, without Jackson's YAML parser either.
 *
 * <p>Why: building the first ObjectMapper of a process initialises most of jackson-databind and,
 * through its default date format, the JDK's locale data; Jackson's parsers initialise
 * {@code BigDecimal} and its own number handling. Reading a ten-line configuration took 130-210 ms
 * of the portal's start on two cores, and the YAML parser's events read here take a few
 * (docs/benchmarks.md). SnakeYAML (which Jackson's YAML parser reads too) gives the events and
 * types the plain scalars with the same resolver; what this class reads itself is mappings,
 * sequences, quoted and plain strings, nulls, booleans and decimal integers. Anything else (anchors
 * and aliases, explicit tags, floats, octal or hexadecimal numbers, directives) and every syntax
 * error go through Jackson's YAML parser, so that they read, and fail, exactly as before.
 */
final class YamlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(?:0|[1-9][0-9]{0,17})");

    private YamlTree() {}

    /** @throws JsonProcessingException where the text is not YAML (with the parser's location) */
    static JsonNode read(String text) throws JsonProcessingException {
        Optional<JsonNode> plain = readPlain(text);
        return plain.isPresent() ? plain.get() : readWithJackson(text);
    }

    /** The tree, when the text is a plain document that this class reads itself (see above). */
    static Optional<JsonNode> readPlain(String text) {
        try {
            Parser events = new ParserImpl(new StreamReader(text), new LoaderOptions());
            events.getEvent();
            if (events.checkEvent(Event.ID.StreamEnd)) {
                return Optional.of(MissingNode.getInstance());
            }
            Event start = events.getEvent();
            if (!(start instanceof DocumentStartEvent document) || document.getVersion() != null
                    || (document.getTags() != null && !document.getTags().isEmpty())) {
                return Optional.empty();
            }
            return Optional.of(node(events, events.getEvent(), new Resolver()));
        } catch (NotPlain | YAMLException e) {
            return Optional.empty();
        }
    }

    private static JsonNode node(Parser events, Event event, Resolver resolver) {
        if (event instanceof MappingStartEvent mapping && plain(mapping)) {
            ObjectNode object = NODES.objectNode();
            while (!events.checkEvent(Event.ID.MappingEnd)) {
                if (!(events.getEvent() instanceof ScalarEvent key) || !plain(key)) {
                    throw new NotPlain();
                }
                object.set(key.getValue(), node(events, events.getEvent(), resolver));
            }
            events.getEvent();
            return object;
        }
        if (event instanceof SequenceStartEvent sequence && plain(sequence)) {
            ArrayNode array = NODES.arrayNode();
            while (!events.checkEvent(Event.ID.SequenceEnd)) {
                array.add(node(events, events.getEvent(), resolver));
            }
            events.getEvent();
            return array;
        }
        if (event instanceof ScalarEvent scalar && plain(scalar)) {
            return scalar(scalar, resolver);
        }
        throw new NotPlain();
    }

    /** As Jackson's YAML parser types an untagged scalar, for the types read here. */
    private static JsonNode scalar(ScalarEvent scalar, Resolver resolver) {
        String value = scalar.getValue();
        Tag tag = resolver.resolve(NodeId.scalar, value, scalar.getImplicit().canOmitTagInPlainScalar());
        if (tag == Tag.STR) {
            return NODES.textNode(value);
        }
        if (tag == Tag.NULL) {
            return NODES.nullNode();
        }
        if (tag == Tag.BOOL) {
            String word = value.toLowerCase(Locale.ROOT);
            return NODES.booleanNode(word.equals("true") || word.equals("yes") || word.equals("on"));
        }
        if (tag == Tag.INT && DECIMAL.matcher(value).matches()) {
            long number = Long.parseLong(value);
            return number == (int) number ? NODES.numberNode((int) number) : NODES.numberNode(number);
        }
        if (tag == Tag.INT || tag == Tag.FLOAT) {
            throw new NotPlain();
        }
        return NODES.textNode(value);
    }

    /** Without an anchor or an explicit tag. */
    private static boolean plain(NodeEvent event) {
        String tag = event instanceof CollectionStartEvent collection ? collection.getTag()
                : event instanceof ScalarEvent scalar ? scalar.getTag() : null;
        return event.getAnchor() == null && tag == null;
    }

    /** What this class does not read itself; Jackson's parser reads the document instead. */
    private static final class NotPlain extends RuntimeException {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    private static JsonNode readWithJackson(String text) throws JsonProcessingException {
        try (JsonParser parser = Jackson.FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            return first == null ? MissingNode.getInstance() : value(parser, first);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading YAML from a string", e);
        }
    }

    /** Built when a document needs it: most starts never do. */
    private static final class Jackson {
        static final YAMLFactory FACTORY = new YAMLFactory();
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
