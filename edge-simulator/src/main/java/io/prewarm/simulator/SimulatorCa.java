package io.prewarm.simulator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority made fresh at each start, so the simulator can serve HTTPS
 * for any names a test needs without shipping keys: a self-signed CA and one leaf certificate it
 * signed for the configured names, both EC P-256, valid from a day ago for 30 days. Clients trust
 * the CA through {@link #caPem()}; the server side gets a {@link KeyStore} holding the leaf and its
 * chain under {@link #KEY_PASSWORD}.
 */
final class SimulatorCa {
    private static final String SIGNATURE = "SHA256withECDSA";
    /** Of the key store and of the leaf's key in it; the key store never leaves memory. */
    static final String KEY_PASSWORD = "simulator";

    private final X509Certificate ca;
    private final KeyStore keyStore;

    private SimulatorCa(X509Certificate ca, KeyStore keyStore) {
        this.ca = ca;
        this.keyStore = keyStore;
    }

    static SimulatorCa create(List<String> hostNames) {
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("the HTTPS certificate needs at least one name");
        }
        try {
            KeyPair caKeys = newKeyPair();
            X509Certificate ca = caCertificate(caKeys);
            KeyPair leafKeys = newKeyPair();
            X509Certificate leaf = leafCertificate(hostNames, leafKeys.getPublic(), ca, caKeys);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("edge", leafKeys.getPrivate(), KEY_PASSWORD.toCharArray(), new Certificate[] {leaf, ca});
            return new SimulatorCa(ca, store);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the simulator's certificates", e);
        }
    }

    /** The leaf certificate with its key and chain, for the HTTPS connector. */
    KeyStore keyStore() {
        return keyStore;
    }

    /** The CA certificate in PEM, for clients to trust. */
    String caPem() {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(ca);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static X509Certificate caCertificate(KeyPair keys) throws GeneralSecurityException, CertIOException, OperatorCreationException {
        X500Name name = new X500Name("CN=Prewarm Edge Simulator CA");
        X509v3CertificateBuilder builder = builder(name, name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        return sign(builder, keys);
    }

    private static X509Certificate leafCertificate(List<String> hostNames, PublicKey key, X509Certificate ca, KeyPair caKeys)
            throws GeneralSecurityException, CertIOException, OperatorCreationException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                new X500Name("CN=Prewarm Edge Simulator"), key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(hostNames))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
        return sign(builder, caKeys);
    }

    private static GeneralNames subjectAlternativeNames(List<String> hostNames) {
        GeneralName[] names = new GeneralName[hostNames.size()];
        for (int i = 0; i < names.length; i++) {
            String name = hostNames.get(i);
            boolean ip = name.matches("[0-9.]+") || name.contains(":");
            names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
        }
        return new GeneralNames(names);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
