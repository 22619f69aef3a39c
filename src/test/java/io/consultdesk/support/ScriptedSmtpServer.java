package io.consultdesk.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real SMTP server on a loopback port that answers like a receiving mail server can and GreenMail
 * cannot: it refuses chosen recipients with the reply a test picks (550 for good, 450 for now), and
 * can be slow to accept a message. It speaks enough SMTP for Jakarta Mail: EHLO, MAIL, RCPT, DATA,
 * RSET, NOOP, QUIT, and with {@link #offerAuth()} AUTH PLAIN and LOGIN (it never offers STARTTLS). Accepted
 * messages are kept in full, and every command line received in {@link #commands()}.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;
    private volatile Function<String, String> rcptReply = address -> "250 2.1.5 OK";
    private volatile Duration dataDelay = Duration.ZERO;
    private final Map<String, AtomicInteger> rcptAttempts = new ConcurrentHashMap<>();
    private final AtomicInteger dataStarted = new AtomicInteger();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private volatile boolean offerAuth;

    public ScriptedSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The reply to RCPT TO for an address, e.g. {@code "550 5.1.1 No such user"}; "250 ..." accepts. */
    public ScriptedSmtpServer rcptReply(Function<String, String> reply) {
        this.rcptReply = reply;
        return this;
    }

    /** How long to wait after the message data before answering 250. */
    public ScriptedSmtpServer dataDelay(Duration delay) {
        this.dataDelay = delay;
        return this;
    }

    public int rcptAttempts(String address) {
        AtomicInteger n = rcptAttempts.get(address);
        return n == null ? 0 : n.get();
    }

    /** Messages whose data has started to arrive (accepted or not yet). */
    public int dataStarted() {
        return dataStarted.get();
    }

    public List<String> accepted() {
        return accepted;
    }

    /** Offers AUTH PLAIN LOGIN in its EHLO reply and accepts any sign-in, as a server that takes passwords in clear would. */
    public ScriptedSmtpServer offerAuth() {
        this.offerAuth = true;
        return this;
    }

    /** Every line the client sent outside a message's data (sign-in lines included, as they arrived). */
    public List<String> commands() {
        return commands;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread t = new Thread(() -> serve(client), "scripted-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
            reply(out, "220 scripted.test ESMTP");
            boolean recipientOk = false;
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String upper = line.toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("EHLO") && offerAuth) {
                    reply(out, "250-scripted.test\r\n250 AUTH PLAIN LOGIN");
                } else if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    reply(out, "250 scripted.test");
                } else if (upper.startsWith("AUTH LOGIN")) {
                    reply(out, "334 VXNlcm5hbWU6");
                    commands.add(in.readLine());
                    reply(out, "334 UGFzc3dvcmQ6");
                    commands.add(in.readLine());
                    reply(out, "235 2.7.0 Authentication successful");
                } else if (upper.startsWith("AUTH PLAIN")) {
                    if (upper.trim().equals("AUTH PLAIN")) {
                        reply(out, "334 ");
                        commands.add(in.readLine());
                    }
                    reply(out, "235 2.7.0 Authentication successful");
                } else if (upper.startsWith("MAIL FROM")) {
                    recipientOk = false;
                    reply(out, "250 2.1.0 OK");
                } else if (upper.startsWith("RCPT TO")) {
                    String address = line.replaceFirst("(?i)^RCPT TO:\\s*<([^>]*)>.*$", "$1");
                    rcptAttempts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                    String answer = rcptReply.apply(address);
                    recipientOk |= answer.startsWith("250");
                    reply(out, answer);
                } else if (upper.equals("DATA")) {
                    if (!recipientOk) {
                        reply(out, "554 5.5.1 No valid recipients");
                        continue;
                    }
                    dataStarted.incrementAndGet();
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder message = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        message.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
                    }
                    Thread.sleep(dataDelay.toMillis());
                    accepted.add(message.toString());
                    reply(out, "250 2.0.0 Queued");
                } else if (upper.startsWith("RSET") || upper.startsWith("NOOP")) {
                    reply(out, "250 2.0.0 OK");
                } else if (upper.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Command not recognised");
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
