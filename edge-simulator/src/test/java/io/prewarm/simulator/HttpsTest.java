package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpsTest {
    private EdgeSimulator simulator;

    @AfterEach
    void close() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void httpsValidatesForConfiguredNamesWithTheSimulatorsCa() throws Exception {
        simulator = EdgeSimulator.builder().start();
        String address = simulator.addressOf("IAD89-C1").getHostAddress();

        try (SSLSocket socket = connect(address, "www.example.com")) {
            socket.startHandshake();
            String head = responseHead(socket, "/x?y=1");
            assertTrue(head.startsWith("http/1.1 200"), head);
            assertTrue(head.contains("\r\nx-amz-cf-pop: iad89-c1\r\n"), head);
        }

        Request request = simulator.requests().get(0);
        assertEquals("IAD89-C1", request.pop());
        assertTrue(request.tls());
        assertEquals("www.example.com", request.sni());
        assertEquals("www.example.com", request.host());
        assertEquals("/x?y=1", request.pathAndQuery());
    }

    @Test
    void aNameTheCertificateDoesNotCoverFailsHostnameVerification() throws Exception {
        simulator = EdgeSimulator.builder().start();

        try (SSLSocket socket = connect("127.0.0.1", "wrong.test")) {
            assertThrows(SSLHandshakeException.class, socket::startHandshake);
        }
    }

    @Test
    void anAddressAmongTheTlsHostnamesBecomesAnIpSan() throws Exception {
        simulator = EdgeSimulator.builder().tlsHostnames(List.of("edge.test", "127.0.0.1")).start();

        try (SSLSocket socket = connect("127.0.0.1", "edge.test")) {
            socket.startHandshake();
            X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertTrue(leaf.getSubjectAlternativeNames().contains(List.of(7, "127.0.0.1")));
            assertTrue(leaf.getSubjectAlternativeNames().contains(List.of(2, "edge.test")));
        }
    }

    @Test
    void aDroppedConnectionEndsTheTlsSessionWithoutAnAnswer() throws Exception {
        simulator = EdgeSimulator.builder().start();
        simulator.fault("/drop", null, Fault.drop());

        try (SSLSocket socket = connect(simulator.addressOf("IAD89-C1").getHostAddress(), "www.example.com")) {
            socket.startHandshake();
            socket.getOutputStream().write("GET /drop HTTP/1.1\r\nHost: www.example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertEquals(0, OverloadFaultsTest.bytesUntilClosed(socket.getInputStream()));
        }
        assertEquals("/drop", simulator.requests().get(0).pathAndQuery());
    }

    @Test
    void theCaFileIsDeletedOnClose() {
        simulator = EdgeSimulator.builder().start();
        Path ca = simulator.caPem();
        assertTrue(Files.exists(ca));

        simulator.close();

        assertTrue(Files.notExists(ca));
    }

    /** An SSLSocket to address:httpsPort that sends SNI {@code name} and checks the certificate against it. */
    private SSLSocket connect(String address, String name) throws IOException, GeneralSecurityException {
        SSLSocket socket = (SSLSocket) trustingSimulatorCa().getSocketFactory().createSocket(address, simulator.httpsPort());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(name)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private SSLContext trustingSimulatorCa() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(simulator.caPem())) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Sends a GET and returns the response's status line and headers, lower-cased. */
    private static String responseHead(SSLSocket socket, String pathAndQuery) throws IOException {
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: www.example.com\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        return response.substring(0, response.indexOf("\r\n\r\n") + 2).toLowerCase(Locale.ROOT);
    }
}
