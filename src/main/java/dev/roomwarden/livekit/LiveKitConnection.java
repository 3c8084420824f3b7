package dev.roomwarden.livekit;

/**
 * Where the dashboard's LiveKit client connects. Built from {@link LiveKitProperties} when
 * {@code LIVEKIT_URL} is set, or pointed at the embedded emulator in demo mode.
 */
public record LiveKitConnection(String url, String apiKey, String apiSecret, boolean demo) {

    /** The URL's host and port, the only part of the connection shown to staff. */
    public String displayHost() {
        var uri = java.net.URI.create(url);
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public String toString() {
        return "LiveKitConnection[url=" + url + ", apiKey=" + apiKey + ", demo=" + demo + "]";
    }
}
