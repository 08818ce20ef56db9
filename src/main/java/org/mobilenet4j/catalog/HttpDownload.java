package org.mobilenet4j.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP(S) GET streamed into a file on the calling thread, never held in memory: the socket has the
 * connect and idle (read) timeouts, a watchdog disconnects when the total time is up (a server that
 * trickles headers or body), and the body is cut off past its byte limit (an endless body).
 */
final class HttpDownload {
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private HttpDownload() {
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mobilenet4j-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /** GETs {@code url} into {@code target} (replaced), refusing more than {@code maxBytes}; returns the byte count. */
    static long get(String url, Path target, long maxBytes, DownloadLimits limits) throws IOException {
        URLConnection c;
        try {
            c = URI.create(url).toURL().openConnection();
        } catch (IllegalArgumentException e) {
            throw new IOException("bad download URL " + url + ": " + e.getMessage(), e);
        }
        if (!(c instanceof HttpURLConnection http)) {
            throw new IOException("download URL " + url + " is not http or https");
        }
        http.setConnectTimeout((int) limits.connectTimeout().toMillis());
        http.setReadTimeout((int) limits.idleTimeout().toMillis());
        http.setInstanceFollowRedirects(true);
        http.setUseCaches(false);
        long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> dog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            http.disconnect();
        }, limits.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            int status = http.getResponseCode();
            if (status != 200) {
                throw new IOException("GET " + url + " answered HTTP " + status);
            }
            long declared = http.getContentLengthLong();
            if (declared > maxBytes) {
                throw new IOException("GET " + url + " declares " + declared + " bytes, more than the " + maxBytes
                        + " expected; not downloaded");
            }
            long n = 0;
            try (InputStream in = http.getInputStream(); OutputStream out = Files.newOutputStream(target)) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) >= 0; ) {
                    n += r;
                    if (n > maxBytes) {
                        throw new IOException("GET " + url + " sends more than the " + maxBytes
                                + " bytes expected; download stopped");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw totalTimeout(url, limits, n);
                    }
                    out.write(buf, 0, r);
                }
            }
            return n;
        } catch (IOException e) {
            if (timedOut.get()) {
                throw totalTimeout(url, limits, -1);
            }
            if (e.getMessage() != null && e.getMessage().startsWith("GET " + url)) {
                throw e;
            }
            throw new IOException("download of " + url + " failed: " + cause(e, limits), e);
        } finally {
            dog.cancel(false);
            http.disconnect();
        }
    }

    private static IOException totalTimeout(String url, DownloadLimits limits, long bytes) {
        return new IOException("download of " + url + " took longer than the limit of "
                + limits.totalTimeout().toSeconds() + " s" + (bytes >= 0 ? " (" + bytes + " bytes so far)" : "")
                + "; stopped");
    }

    /** The cause in plain words, never "null". */
    private static String cause(IOException e, DownloadLimits limits) {
        if (e instanceof SocketTimeoutException) {
            return String.valueOf(e.getMessage()).toLowerCase().contains("connect")
                    ? "no connection within " + limits.connectTimeout().toMillis() / 1000.0 + " s"
                    : "no data for " + limits.idleTimeout().toMillis() / 1000.0 + " s (idle timeout)";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof ConnectException) {
            String m = e.getMessage();
            return m == null || m.toLowerCase(java.util.Locale.ROOT).contains("refused") ? "cannot connect (connection refused)"
                    : "cannot connect (" + m + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
