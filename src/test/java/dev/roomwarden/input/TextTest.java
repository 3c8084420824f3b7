package dev.roomwarden.input;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTest {

    @Test
    void aLongValueIsAbbreviatedToTheLimitWithItsMarkIncluded() {
        assertThat(Text.abbreviate("x".repeat(40), 40)).isEqualTo("x".repeat(40));
        assertThat(Text.abbreviate("x".repeat(41), 40)).isEqualTo("x".repeat(39) + "…").hasSize(40);
    }

    @Test
    void noCutSplitsACharacterOutsideTheBasicPlane() {
        var smiles = "a" + "😀".repeat(30);
        assertThat(Text.cut(smiles, 4)).isEqualTo("a😀");
        assertThat(Text.abbreviate(smiles, 5)).isEqualTo("a😀…");
        assertThat(Text.cut(null, 4)).isNull();
    }

    @Test
    void aPreviewIsOneLineOfAtMostSixtyCharacters() {
        assertThat(Text.preview("{\n  \"queue\":  \"billing\"\n}\n")).isEqualTo("{ \"queue\": \"billing\" }");
        var preview = Text.preview("{\"notes\": \"" + "n".repeat(100) + "\"}");
        assertThat(preview).hasSize(60).endsWith("n…");
    }

    @Test
    void controlCharactersAreC0AndDelete() {
        assertThat(Text.hasControlCharacters("lk-chat-topic")).isFalse();
        assertThat(Text.hasControlCharacters("café ☕")).isFalse();
        assertThat(Text.hasControlCharacters("a\tb")).isTrue();
        assertThat(Text.hasControlCharacters("a\nb")).isTrue();
        assertThat(Text.hasControlCharacters("a\u007fb")).isTrue();
    }

    @Test
    void aPageNumberIsFromOneToTheLimit() {
        assertThat(Text.pageNumber(null, 10)).isEqualTo(1);
        assertThat(Text.pageNumber(" ", 10)).isEqualTo(1);
        assertThat(Text.pageNumber(" 10 ", 10)).isEqualTo(10);
        for (var refused : new String[] {"0", "11", "-1", "lots", "99999999999"}) {
            assertThatThrownBy(() -> Text.pageNumber(refused, 10)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("The page must be a number from 1.");
        }
    }
}
