package io.consultdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.TestServer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which network the server listens on ({@code CONSULTDESK_BIND}). In dev mode (hot reload, a demo admin, the
 * emails at /staff/dev/mail) only this machine reaches it; a production start listens on every interface, as a
 * server behind a proxy or in a container must.
 */
class BindTest {

    /** This machine's IPv4 addresses other than loopback: where a colleague on the same network would connect. */
    static List<InetAddress> networkAddresses() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
    }

    static boolean reachable(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void inDevModeOnlyThisMachineReachesTheServer() throws Exception {
        List<InetAddress> others = networkAddresses();
        assertTrue(!others.isEmpty(), "this test needs a network address besides loopback");
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().dev(true))) {
            assertTrue(reachable(InetAddress.getByName("127.0.0.1"), server.port()));
            assertEquals(200, server.get("/healthz").statusCode(), "http://localhost still works");
            for (InetAddress a : others) {
                assertTrue(!reachable(a, server.port()), "dev mode answers on " + a.getHostAddress());
            }
        }
    }

    @Test
    void aProductionStartListensOnEveryInterface() throws Exception {
        List<InetAddress> others = networkAddresses();
        assertTrue(!others.isEmpty(), "this test needs a network address besides loopback");
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().demo(false))) {
            for (InetAddress a : others) {
                assertTrue(reachable(a, server.port()), "not reachable on " + a.getHostAddress());
            }
        }
    }
}
