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

    /** Where the settings are printed (logs, failure reports): the URL, never the key or the secret. */
    @Override
    public String toString() {
        return "LiveKitConnection[url=" + url + ", apiKey=" + masked(apiKey) + ", demo=" + demo + "]";
    }

    /** Whether a credential is set, without any of its characters. */
    static String masked(String credential) {
        return credential == null || credential.isEmpty() ? "(none)" : "(set)";
    }
}
