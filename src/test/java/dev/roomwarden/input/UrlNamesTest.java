package dev.roomwarden.input;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How names travel in paths and form fields: ordinary names as they are, the rest so that they come back exactly. */
class UrlNamesTest {

    @Test
    void ordinaryNamesTravelAsTheyAreSoOldLinksKeepWorking() {
        for (var name : List.of("support-1", "eu/support #1 %ü", "a.b", "...", "x~y", "שיחה", "\u202Eevil", " ")) {
            assertThat(UrlNames.encode(name)).isEqualTo(name);
            assertThat(UrlNames.decode(name)).isEqualTo(name);
        }
    }

    @Test
    void namesAPathCannotCarryComeBackExactly() {
        for (var name : List.of(";", "a\\b", "tab\there", "\u007f", "\u2028", "\u2029", "cr\r\nlf", "\u0000", "\u0085", ".", "..",
                "~", "~dGVzdA", "~~")) {
            var encoded = UrlNames.encode(name);
            assertThat(encoded).startsWith("~").matches("~[A-Za-z0-9_-]+");
            assertThat(UrlNames.decode(encoded)).isEqualTo(name);
        }
    }

    @Test
    void aValueThatOnlyLooksEncodedIsTheNameItself() {
        // "dGVzdA" is base64 of "test", which travels as it is: so "~dGVzdA" can only be a room of that name.
        assertThat(UrlNames.decode("~dGVzdA")).isEqualTo("~dGVzdA");
        assertThat(UrlNames.decode("~not base64!")).isEqualTo("~not base64!");
        assertThat(UrlNames.decode("~")).isEqualTo("~");
        assertThat(UrlNames.decode("~_w")).isEqualTo("~_w");
    }
}
