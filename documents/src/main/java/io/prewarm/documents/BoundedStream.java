package io.prewarm.documents;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and fails the read, with a message naming the bound, once
 * more than the bound have come through: the body as received, and again after decompression.
 */
final class BoundedStream extends FilterInputStream {
    private final long maxBytes;
    private final String failure;
    private long count;

    BoundedStream(InputStream in, long maxBytes, String failure) {
        super(in);
        this.maxBytes = maxBytes;
        this.failure = failure;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // one byte more than the bound may be read, so a body of exactly maxBytes passes
        long room = maxBytes - count + 1;
        int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, room)));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, maxBytes - count + 1));
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) {
        count += n;
        if (count > maxBytes) {
            throw new DocumentException(failure);
        }
    }
}
