package dev.roomwarden.display;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/** CSV exports that a spreadsheet opens safely: every cell quoted, and no cell it would run as a formula. */
public final class SpreadsheetCsv {

    /** A formula character at the start of a cell, or after a separator or line break (spaces and quotes between). */
    private static final Pattern FORMULA = Pattern.compile("(^|[,;\\t\\r\\n])([\\s\"]*)(?=[=+\\-@\\t\\r])");

    private SpreadsheetCsv() {
    }

    /** A printer of UTF-8 CSV with this header; every cell quoted, so a ';' or ',' inside one never starts a cell. */
    public static CSVPrinter printer(OutputStream out, String... header) throws IOException {
        var format = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL).setHeader(header).get();
        return new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), format);
    }

    /**
     * OWASP's advice against CSV injection, for whatever separator the spreadsheet splits on: a ' before a
     * formula character (= + - @ tab CR) that starts the cell, or follows a ',' ';' tab or line break in it.
     */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return FORMULA.matcher(value).replaceAll("$1$2'");
    }
}
