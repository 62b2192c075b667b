package io.prewarm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server over UDP on loopback, for tests of the real DNS path
 * ({@code PREWARM_DNS_SERVER}): A records and CNAMEs from a map, NXDOMAIN for anything else.
 */
public final class DnsStub implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, String> a = new ConcurrentHashMap<>();
    private final Map<String, String> cname = new ConcurrentHashMap<>();
    private final Thread loop;
    private final List<String> queries = new CopyOnWriteArrayList<>();

    private DnsStub(DatagramSocket socket) {
        this.socket = socket;
        this.loop = new Thread(this::serve, "dns-stub");
        loop.setDaemon(true);
        loop.start();
    }

    public static DnsStub start() {
        try {
            return new DnsStub(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public DnsStub a(String name, String address) {
        a.put(name.toLowerCase(Locale.ROOT), address);
        return this;
    }

    /** Every question asked so far, as {@code "TYPE name"}, e.g. {@code "A d1.ATL56-C1.cloudfront.net"}. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    public DnsStub cname(String name, String target) {
        cname.put(name.toLowerCase(Locale.ROOT), target);
        return this;
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                socket.receive(packet);
                byte[] answer = answer(new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength())));
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(Message query) throws IOException {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        reply.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        String key = name.toString(true).toLowerCase(Locale.ROOT);
        queries.add(Type.string(question.getType()) + " " + name.toString(true));
        if (cname.containsKey(key)) {
            Name target = Name.fromString(cname.get(key), Name.root);
            reply.addRecord(new CNAMERecord(name, DClass.IN, 60, target), Section.ANSWER);
            String targetKey = target.toString(true).toLowerCase(Locale.ROOT);
            if (question.getType() == Type.A && a.containsKey(targetKey)) {
                reply.addRecord(new ARecord(target, DClass.IN, 60, InetAddress.getByName(a.get(targetKey))), Section.ANSWER);
            }
        } else if (a.containsKey(key)) {
            if (question.getType() == Type.A) {
                reply.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName(a.get(key))), Section.ANSWER);
            }
        } else {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return reply.toWire();
    }

    @Override
    public void close() {
        socket.close();
    }
}
