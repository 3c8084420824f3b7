package dev.roomwarden.emulator;

import java.security.SecureRandom;

/** LiveKit's ids: a prefix and 12 characters of the base57 alphabet (no 0, 1, I, O, l). */
final class Ids {

    static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String room() {
        return "RM_" + random(12);
    }

    static String participant() {
        return "PA_" + random(12);
    }

    static String track() {
        return "TR_" + random(12);
    }

    static String dispatch() {
        return "AD_" + random(12);
    }

    static String job() {
        return "AJ_" + random(12);
    }

    static String egress() {
        return "EG_" + random(12);
    }

    static String event() {
        return "EV_" + random(12);
    }

    static String random(int length) {
        var id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
