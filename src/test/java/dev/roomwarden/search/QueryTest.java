package dev.roomwarden.search;

import dev.roomwarden.input.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a value is indexed and how a query matches and marks it. */
class QueryTest {

    private static String marked(String query, String value) {
        var highlighted = Query.parse(query).highlight(value);
        return highlighted == null ? null : String.join("", highlighted.parts().stream()
                .map(p -> p.mark() ? "[" + p.text() + "]" : p.text()).toList());
    }

    @Test
    void aValueIsIndexedByItsWordsItsWholeAndThePhoneDigitsEndings() {
        assertThat(Terms.of("customer-41130")).containsExactly("customer", "41130", "customer-41130");
        assertThat(Terms.of("+1 555 0100")).contains("1", "555", "0100", "+1 555 0100", "15550100", "5550100", "0100");
        assertThat(Terms.of("sip_+15550100")).contains("sip", "15550100", "5550100", "0100");
        assertThat(Terms.of("TCK7781")).contains("tck", "7781", "tck7781");
    }

    @Test
    void everyWordOfTheQueryStartsAWordOfTheText() {
        assertThat(marked("41130", "customer-41130")).isEqualTo("customer-[41130]");
        assertThat(marked("cust 411", "customer-41130")).isEqualTo("[cust]omer-[411]30");
        assertThat(marked("1130", "customer-41130")).isNull();
        assertThat(marked("5550100", "+1 555 0100")).isEqualTo("+1 [555 0100]");
        assertThat(marked("0100", "+1 555 0100")).isEqualTo("+1 555 [0100]");
        assertThat(marked("5550100", "sip_+15550100")).isEqualTo("sip_+1[5550100]");
        assertThat(marked("5550100", "+1 555 ••• ••00")).isNull();
    }

    @Test
    void tooShortIsNoSearchAndTooLongIsRefused() {
        assertThat(Query.parse("a")).isNull();
        assertThat(Query.parse("--")).isNull();
        assertThatThrownBy(() -> Query.parse("x".repeat(101))).isInstanceOf(InvalidInputException.class)
                .hasMessage("The search is too long: at most 100 characters. Nothing was searched.");
        assertThat(Query.parse("customer 41130").lookups()).containsExactly("41130", "customer 41130");
    }
}
