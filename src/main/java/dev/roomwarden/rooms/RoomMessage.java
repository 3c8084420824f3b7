package dev.roomwarden.rooms;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import dev.roomwarden.input.LiveKitNames;
import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import tools.jackson.databind.json.JsonMapper;

/**
 * A message staff send into a room with LiveKit's SendData: its text, its topic, and who receives it
 * (nobody named: everyone). On LiveKit's chat topic it is sent as LiveKit's chat components expect it.
 */
public record RoomMessage(String text, String topic, List<String> recipients) {

    /** The topic LiveKit's chat components (LiveKit Meet, the agents playground) listen on. */
    public static final String CHAT_TOPIC = "lk-chat-topic";
    static final int MAX_TEXT = 2_000;
    static final int MAX_TOPIC = 128;
    static final int MAX_RECIPIENTS = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** From the form: refused with a message when the text is empty or too long, or a name is not a LiveKit name. */
    static RoomMessage parse(String text, String topic, List<String> recipients) {
        var message = text == null ? "" : text.strip();
        if (message.isEmpty()) {
            throw new InvalidInputException("The message is empty: write what the room should read.");
        }
        if (message.length() > MAX_TEXT) {
            throw new InvalidInputException("The message is too long: at most " + MAX_TEXT + " characters.");
        }
        var onTopic = topic == null || topic.isBlank() ? CHAT_TOPIC : topic.strip();
        if (onTopic.length() > MAX_TOPIC || Text.hasControlCharacters(onTopic)) {
            throw new InvalidInputException("The topic must be at most " + MAX_TOPIC + " characters, without control characters.");
        }
        var to = recipients == null ? List.<String>of() : recipients.stream().map(LiveKitNames::requireIdentity).distinct().toList();
        if (to.size() > MAX_RECIPIENTS) {
            throw new InvalidInputException("Choose at most " + MAX_RECIPIENTS + " participants, or none for everyone.");
        }
        return new RoomMessage(message, onTopic, to);
    }

    /** What LiveKit delivers: LiveKit's chat message on its chat topic, the text itself on any other. */
    byte[] payload(Instant now) {
        if (!CHAT_TOPIC.equals(topic)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        var chat = new LinkedHashMap<String, Object>();
        chat.put("id", UUID.randomUUID().toString());
        chat.put("timestamp", now.toEpochMilli());
        chat.put("message", text);
        return JSON.writeValueAsBytes(chat);
    }

    /** "everyone" or "ann, bob". */
    String audience() {
        return recipients.isEmpty() ? "everyone" : String.join(", ", recipients);
    }

    /** For the audit record: to whom, on which topic, and what was said. */
    String describe() {
        return "to " + audience() + ", topic " + topic + ": " + text;
    }
}
