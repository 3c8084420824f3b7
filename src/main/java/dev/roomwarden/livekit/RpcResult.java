package dev.roomwarden.livekit;

import java.util.regex.Pattern;

/**
 * What a participant answered to RoomService PerformRpc: its payload, or the RPC error it (or its SDK, or
 * LiveKit on its behalf) answered. LiveKit puts the RPC error's code only into the Twirp message,
 * "RpcError &lt;code&gt;: &lt;message&gt;[: &lt;data&gt;]" (protocol utils/data_channel_rpc.go).
 */
public record RpcResult(String payload, int errorCode, String errorMessage) {

    /** The built-in code an SDK answers for a method the participant has not registered. */
    public static final int UNSUPPORTED_METHOD = 1400;
    public static final int CONNECTION_TIMEOUT = 1501;
    public static final int RESPONSE_TIMEOUT = 1502;

    private static final Pattern RPC_ERROR = Pattern.compile("RpcError (\\d{1,10}): (.*)", Pattern.DOTALL);

    static RpcResult answered(String payload) {
        return new RpcResult(payload, 0, null);
    }

    /** The RPC error in a Twirp message, or null when the message carries none (LiveKit's own failure). */
    static RpcResult fromTwirpMessage(String msg) {
        if (msg == null) {
            return null;
        }
        var matcher = RPC_ERROR.matcher(msg);
        if (!matcher.find()) {
            return null;
        }
        try {
            return new RpcResult(null, Integer.parseInt(matcher.group(1)), matcher.group(2));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean isError() {
        return errorCode != 0;
    }

    /** The participant did not answer within the time given (1502), or its SDK never acknowledged (1501). */
    public boolean timedOut() {
        return errorCode == RESPONSE_TIMEOUT || errorCode == CONNECTION_TIMEOUT;
    }

    /** In words, for staff and the audit log: the payload answered, or the error's code and message. */
    public String describe() {
        return isError() ? "RPC error " + errorCode + ": " + errorMessage : "answered: " + payload;
    }
}
