package io.consultdesk.dashboard;

import java.util.List;

/**
 * CSV for spreadsheets (RFC 4180): every field quoted, quotes doubled, CRLF line ends. A value that a
 * spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a carriage return) gets a
 * leading apostrophe, so "=HYPERLINK(...)" typed into a form is shown as text, not run (OWASP CSV injection).
 */
public final class Csv {
    private Csv() {}

    public static String field(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    public static String row(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(field(v));
        }
        return out.append("\r\n").toString();
    }
}
