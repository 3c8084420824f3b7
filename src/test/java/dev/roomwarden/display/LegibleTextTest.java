package dev.roomwarden.display;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LegibleTextTest {

    @Test
    void charactersThatActUnseenAreMarkersAndEmojiSequencesAreLeftAlone() {
        assertThat(LegibleText.parts("\u202Enimda")).extracting(LegibleText.Part::text).containsExactly("⟨U+202E⟩", "nimda");
        assertThat(LegibleText.parts("a\tb\u2028c\u200Fd")).filteredOn(LegibleText.Part::marked).extracting(LegibleText.Part::text)
                .containsExactly("⟨U+0009⟩", "⟨U+2028⟩", "⟨U+200F⟩");
        var family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        assertThat(LegibleText.parts(family)).singleElement().satisfies(part -> assertThat(part.text()).isEqualTo(family));
    }

    @Test
    void onlyQuotedNamesWithRightToLeftTextAreIsolatedInAMessage() {
        var segments = LegibleText.message("“ann” was removed from “שיחה”.");
        assertThat(segments).extracting(LegibleText.Segment::name).containsExactly(false, false, false, true, false);
    }
}
