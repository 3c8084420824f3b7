package dev.roomwarden.notes;

import java.util.List;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.notes.NoteText.Part;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which parts of a note become links: only http and https URLs, without the sentence's punctuation. */
class NoteTextTest {

    private static Part text(String value) {
        return new Part(value, null);
    }

    private static Part link(String url) {
        return new Part(url, url);
    }

    @Test
    void httpAndHttpsUrlsBecomeLinksAndTheRestStaysText() {
        assertThat(NoteText.parts("See https://docs.example/runbook?a=1&b=2. Then http://x.example"))
                .containsExactly(text("See "), link("https://docs.example/runbook?a=1&b=2"), text(". Then "), link("http://x.example"));
    }

    @Test
    void hostileTextIsNeverALinkOrOneThatEndsAnAttribute() {
        assertThat(NoteText.parts("javascript:alert(1) <script>alert(1)</script> data:text/html,x"))
                .containsExactly(text("javascript:alert(1) <script>alert(1)</script> data:text/html,x"));
        assertThat(NoteText.parts("https://x.example/\"onmouseover=\"x"))
                .containsExactly(link("https://x.example/"), text("\"onmouseover=\"x"));
        assertThat(NoteText.parts("(https://x.example/a_(b)) https://")).containsExactly(text("("), link("https://x.example/a_(b)"),
                text(") https://"));
    }

    @Test
    void aNoteKeepsItsLineBreaksAndRefusesControlCharactersAndTooMuchText() {
        assertThat(NoteText.check("  first\r\nsecond\n\tthird  ")).isEqualTo("first\nsecond\n\tthird");
        for (var bad : List.of("", " \n ", "a\u0000b", "a\u001bb", "x".repeat(NoteText.MAX_LENGTH + 1))) {
            assertThatThrownBy(() -> NoteText.check(bad)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void tagsAreLowerCaseLettersDigitsDashesAndUnderscores() {
        assertThat(Tags.check(" vip_customer-2 ")).isEqualTo("vip_customer-2");
        for (var bad : List.of("", "Billing", "two words", "x".repeat(33), "<b>", "é")) {
            assertThatThrownBy(() -> Tags.check(bad)).isInstanceOf(InvalidInputException.class);
        }
        assertThat(Tags.filter(" ")).isNull();
    }
}
