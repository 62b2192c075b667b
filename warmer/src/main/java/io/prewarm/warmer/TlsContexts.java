package io.prewarm.warmer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS trust for warm requests: the JDK's CA bundle plus, optionally, the operator's PEM file
 * (a private CA, or the edge simulator's). Both are merged into one trust store, because an
 * SSLContext consults only the first X509 trust manager it is given.
 */
final class TlsContexts {
    private TlsContexts() {
    }

    static SSLContext trusting(Optional<Path> extraCaPem) {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            if (extraCaPem.isEmpty()) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, defaults.getTrustManagers(), null);
                return ctx;
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Path jdkCacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            if (Files.exists(jdkCacerts)) {
                KeyStore jdk = KeyStore.getInstance(KeyStore.getDefaultType());
                try (InputStream in = Files.newInputStream(jdkCacerts)) {
                    jdk.load(in, null);
                }
                for (String alias : Collections.list(jdk.aliases())) {
                    store.setCertificateEntry("jdk-" + alias, jdk.getCertificate(alias));
                }
            }
            int n = 0;
            try (InputStream in = Files.newInputStream(extraCaPem.get())) {
                for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("prewarm-extra-" + n++, cert);
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("PREWARM_TLS_CA_FILE " + extraCaPem.get() + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }
}
