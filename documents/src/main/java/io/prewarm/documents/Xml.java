package io.prewarm.documents;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The StAX setup both XML readers share: the JDK's own parser, with DTDs and external entities
 * off, and any document that declares a DOCTYPE refused outright (neither sitemaps nor MPDs have
 * one), so no XXE and no entity expansion bomb can get in. Errors become {@link DocumentException}s
 * with the line and column, and nesting deeper than {@value #MAX_DEPTH} elements is refused.
 */
final class Xml {
    static final int MAX_DEPTH = 64;
    private static final XMLInputFactory FACTORY = factory();

    private Xml() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external entity " + systemId + " refused");
        });
        return factory;
    }

    /** A reader over {@code body}; {@code kind} names the document in errors ("sitemap", "MPD"). */
    static Events open(InputStream body, String kind) {
        try {
            return new Events(FACTORY.createXMLStreamReader(body), kind);
        } catch (XMLStreamException e) {
            throw malformed(kind, e);
        }
    }

    static DocumentException malformed(String kind, XMLStreamException e) {
        if (e.getNestedException() instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int at = message.indexOf("Message: ");
        String reason = at >= 0 ? message.substring(at + "Message: ".length()) : message;
        Location where = e.getLocation();
        return where == null || where.getLineNumber() < 0
                ? new DocumentException("malformed " + kind + ": " + reason, e)
                : new DocumentException("malformed " + kind + " at line " + where.getLineNumber()
                        + ", column " + where.getColumnNumber() + ": " + reason, e);
    }

    /** The events of one document, with errors, DOCTYPEs and depth checked; element names are local names. */
    static final class Events {
        final XMLStreamReader reader;
        private final String kind;
        private int depth;

        private Events(XMLStreamReader reader, String kind) {
            this.reader = reader;
            this.kind = kind;
        }

        /** The next START_ELEMENT or END_ELEMENT, or END_DOCUMENT; other events are skipped. */
        int next() {
            try {
                while (true) {
                    int event = reader.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw new DocumentException(kind + " at line " + reader.getLocation().getLineNumber()
                                + " declares a DOCTYPE: refused (no DTDs, no entities)");
                    }
                    if (event == XMLStreamConstants.START_ELEMENT && ++depth > MAX_DEPTH) {
                        throw new DocumentException(kind + " at line " + reader.getLocation().getLineNumber()
                                + " nests elements deeper than " + MAX_DEPTH);
                    }
                    if (event == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                    }
                    if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.END_ELEMENT
                            || event == XMLStreamConstants.END_DOCUMENT) {
                        return event;
                    }
                }
            } catch (XMLStreamException e) {
                throw malformed(kind, e);
            }
        }

        String name() {
            return reader.getLocalName();
        }

        /** The attribute's value, or null when absent (no namespace: MPD and sitemap attributes have none). */
        String attribute(String name) {
            return reader.getAttributeValue(null, name);
        }

        /** The text of the current element, entities decoded, consuming its END_ELEMENT. */
        String text() {
            try {
                String text = reader.getElementText();
                depth--;
                return text;
            } catch (XMLStreamException e) {
                throw malformed(kind, e);
            }
        }

        int line() {
            return reader.getLocation().getLineNumber();
        }
    }
}
