package io.sweep4j.report;

/** Escaping for text and attribute values in the report and the dashboard: where a user string enters a page. */
public final class Html {
    private Html() {
    }

    /** Escapes {@code & < > " '} so the text shows as text, in element content and in quoted attributes alike. */
    public static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
