package io.prewarm.documents;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a UTF-8 text document line by line (LF, CRLF or CR), numbering the lines for error messages
 * and refusing a line longer than {@value #MAX_LINE} characters, so a document without line breaks
 * is never held whole. A leading byte-order mark is dropped.
 */
final class LineReader {
    static final int MAX_LINE = 64 * 1024;
    private final BufferedReader in;
    private final StringBuilder line = new StringBuilder();
    private final String kind;
    private int number;
    private boolean pendingLf;

    LineReader(InputStream body, String kind) {
        this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 16 * 1024);
        this.kind = kind;
    }

    /** The next line without its line break, or null at the end. */
    String next() {
        line.setLength(0);
        try {
            int c = in.read();
            if (pendingLf && c == '\n') {
                c = in.read();
            }
            pendingLf = false;
            if (c < 0) {
                return null;
            }
            while (c >= 0 && c != '\n' && c != '\r') {
                if (line.length() == MAX_LINE) {
                    throw new DocumentException(kind + " line " + (number + 1) + " is longer than " + MAX_LINE + " characters");
                }
                line.append((char) c);
                c = in.read();
            }
            pendingLf = c == '\r';
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        number++;
        if (number == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
            line.deleteCharAt(0);
        }
        return line.toString();
    }

    /** The number of the line last returned, from 1. */
    int number() {
        return number;
    }
}
