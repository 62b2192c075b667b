package io.prewarm.documents;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** A sink that keeps what it is given, optionally taking no more than {@code capacity}; and sample helpers. */
final class Collected implements Sink {
    final List<String> objects = new ArrayList<>();
    final List<String> nested = new ArrayList<>();
    final List<DocumentType> nestedTypes = new ArrayList<>();
    private final long capacity;
    int calls;

    Collected() {
        this(Long.MAX_VALUE);
    }

    Collected(long capacity) {
        this.capacity = capacity;
    }

    @Override
    public boolean found(URI url, DocumentType type) {
        calls++;
        if (objects.size() + nested.size() >= capacity) {
            return false;
        }
        if (type == null) {
            objects.add(url.toString());
        } else {
            nested.add(url.toString());
            nestedTypes.add(type);
        }
        return true;
    }

    ReadSummary read(DocumentType type, String body, String url) {
        return read(type, body.getBytes(StandardCharsets.UTF_8), url, ReadLimits.defaults());
    }

    ReadSummary read(DocumentType type, byte[] body, String url, ReadLimits limits) {
        return DocumentReader.read(type, new ByteArrayInputStream(body), URI.create(url), limits, this);
    }

    static String sample(String name) {
        try (InputStream in = Collected.class.getResourceAsStream("/samples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
