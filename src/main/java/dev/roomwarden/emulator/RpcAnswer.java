package dev.roomwarden.emulator;

import java.time.Duration;

/**
 * How a simulated participant answers one RPC method it has registered: with a payload or with an RPC error
 * (its code, message and data, as the SDKs' {@code RpcError}), after {@code delay} ({@code null}: it never
 * answers), and then, when {@code leaveAfter} is set, it leaves the room by itself that long after answering.
 */
public record RpcAnswer(String payload, int errorCode, String errorMessage, String errorData, Duration delay, Duration leaveAfter) {

    public RpcAnswer {
        payload = payload == null ? "" : payload;
        errorMessage = errorMessage == null ? "" : errorMessage;
        errorData = errorData == null ? "" : errorData;
    }

    public static RpcAnswer payload(String payload) {
        return new RpcAnswer(payload, 0, "", "", Duration.ZERO, null);
    }

    public static RpcAnswer error(int code, String message) {
        return new RpcAnswer("", code, message, "", Duration.ZERO, null);
    }

    /** The handler never returns. */
    public static RpcAnswer never() {
        return new RpcAnswer("", 0, "", "", null, null);
    }

    public RpcAnswer after(Duration delay) {
        return new RpcAnswer(payload, errorCode, errorMessage, errorData, delay, leaveAfter);
    }

    /** Having answered, the participant leaves by itself (disconnect reason CLIENT_INITIATED) this much later. */
    public RpcAnswer thenLeave(Duration after) {
        return new RpcAnswer(payload, errorCode, errorMessage, errorData, delay, after);
    }

    boolean isError() {
        return errorCode != 0;
    }
}
