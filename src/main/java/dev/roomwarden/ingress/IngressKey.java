package dev.roomwarden.ingress;

import livekit.LivekitIngress.IngressInfo;

/**
 * An ingress with its stream key, for the two answers that show it (created, revealed) and nothing else, with the whole URL. The key is
 * a credential: whoever has it can publish into the room, so {@link #toString} leaves it out.
 */
record IngressKey(IngressRow ingress, String url, String streamKey) {

    static IngressKey of(IngressInfo info) {
        return new IngressKey(IngressRow.of(info), info.getUrl(), info.getStreamKey());
    }

    @Override
    public String toString() {
        return "IngressKey[" + ingress.id() + ", stream key hidden]";
    }
}
