package dev.roomwarden.telephony;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.roomwarden.input.Text;

/**
 * Trunks and dispatch rules in LiveKit's JSON (protobuf JSON with LiveKit's field names, as its CLI's files write them),
 * for the JSON editor: printed without the id, the times and the password; parsed strictly (an unknown field is refused),
 * with JsonFormat's complaint in a sentence.
 */
final class SipJson {

    static final int MAX_LENGTH = 64 * 1024;
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final java.util.List<String> NOT_SHOWN = java.util.List.of("sip_trunk_id", "sip_dispatch_rule_id", "auth_password",
            "created_at", "updated_at");

    private SipJson() {
    }

    /** The object as the editor shows it: no id (it is in the page's URL), no times LiveKit sets, no password. */
    static String print(Message message) {
        var builder = message.toBuilder();
        for (var name : NOT_SHOWN) {
            FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
            if (field != null) {
                builder.clearField(field);
            }
        }
        try {
            return PRINTER.print(builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("LiveKit's " + message.getDescriptorForType().getName() + " cannot be printed", e);
        }
    }

    /** The typed JSON as an object of this kind; a sentence naming the problem when it is not one. */
    static Message parse(SipKind kind, String json) {
        var text = json == null ? "" : json.strip();
        if (text.isEmpty()) {
            throw SipChecks.refused("The JSON is empty: give the whole " + kind.words() + " as a JSON object.");
        }
        if (text.length() > MAX_LENGTH) {
            throw SipChecks.refused("The JSON is too long: at most " + MAX_LENGTH / 1024 + " KiB.");
        }
        var builder = kind.newBuilder();
        try {
            PARSER.merge(text, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw SipChecks.refused("The JSON is not " + kind.article() + " " + kind.words() + ": " + readable(e.getMessage()) + ".");
        }
        return builder.build();
    }

    /** JsonFormat's and Gson's messages without class names and LiveKit's package. */
    static String readable(String message) {
        var text = message == null ? "it cannot be read" : message;
        text = text.replaceAll("(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error): ", "");
        var unknown = java.util.regex.Pattern.compile("Cannot find field: (\\S+) in message livekit\\.(\\S+)").matcher(text);
        if (unknown.find()) {
            return "LiveKit's " + unknown.group(2) + " has no field “" + unknown.group(1) + "” (check its spelling: LiveKit's names are "
                    + "like auth_username or authUsername)";
        }
        text = text.replace("Expect message object but got: null", "it is not a JSON object")
                .replaceAll("Expect message object but got: ", "a JSON object was expected, not ")
                .replaceAll(" for enum type: livekit\\.", " for ")
                .replaceAll("End of input at line", "the JSON ends too early, at line")
                .replaceAll(" path \\$\\.?", " (field ") ;
        if (text.contains("(field ")) {
            text = text.endsWith("(field ") ? text.substring(0, text.length() - " (field ".length()) : text + ")";
        }
        return Text.abbreviate(text, 300);
    }
}
