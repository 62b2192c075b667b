package io.prewarm.documents;

import java.util.HashMap;
import java.util.Map;

/**
 * An HLS attribute list ({@code NAME=VALUE,NAME="quoted, value"}, RFC 8216 section 4.2) as a map
 * of names to values, quotes removed. Values are read as written; the readers only need URIs.
 */
final class HlsAttributes {
    private HlsAttributes() {
    }

    /** The attributes of {@code list}; {@code line} is for the error message. */
    static Map<String, String> parse(String list, int line) {
        Map<String, String> attributes = new HashMap<>();
        int i = 0;
        while (i < list.length()) {
            int equals = list.indexOf('=', i);
            if (equals < 0) {
                throw new DocumentException("HLS line " + line + ": attribute without a value in '" + abbreviate(list) + "'");
            }
            String name = list.substring(i, equals).trim();
            int end;
            String value;
            if (equals + 1 < list.length() && list.charAt(equals + 1) == '"') {
                int close = list.indexOf('"', equals + 2);
                if (close < 0) {
                    throw new DocumentException("HLS line " + line + ": unterminated quoted value of " + name);
                }
                value = list.substring(equals + 2, close);
                end = list.indexOf(',', close);
            } else {
                end = list.indexOf(',', equals);
                value = list.substring(equals + 1, end < 0 ? list.length() : end).trim();
            }
            attributes.put(name, value);
            i = end < 0 ? list.length() : end + 1;
        }
        return attributes;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
