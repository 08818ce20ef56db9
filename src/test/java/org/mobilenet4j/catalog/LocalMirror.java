package org.mobilenet4j.catalog;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A model mirror on 127.0.0.1 for tests: serves {@link #files} by name (404 for others) and records every
 * name asked for. Thread-safe; {@link #close()} stops it.
 */
public final class LocalMirror implements AutoCloseable {
    /** Bodies by file name (the last part of a catalog URL); tests add to it at any time. */
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** Every name requested, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public LocalMirror() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            requests.add(name);
            byte[] body = files.get(name);
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** The base URL, for {@code mobilenet4j.mirror} or {@code --mirror}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
