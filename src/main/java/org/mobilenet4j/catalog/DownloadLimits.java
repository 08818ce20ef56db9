package org.mobilenet4j.catalog;

import java.time.Duration;
import org.mobilenet4j.config.NumericProperties;

/**
 * How long and how much a catalog download may take. A download that breaks a limit fails with an
 * IOException naming the URL and the limit; nothing is kept.
 *
 * @param connectTimeout  to open the connection
 * @param idleTimeout     longest wait for the next bytes (headers or body): a stalled server
 * @param totalTimeout    whole download, headers to last byte: a trickling server
 * @param archiveSlack    an archive (.tgz) may hold more than the one file used (checkpoints, frozen
 *                        graphs): it may be up to {@code 32 × size + archiveSlack} bytes, compressed and
 *                        expanded each; a plain file may not exceed its catalog size at all
 */
public record DownloadLimits(Duration connectTimeout, Duration idleTimeout, Duration totalTimeout, long archiveSlack) {

    /** Archive allowance per byte of the file used (see {@code archiveSlack}). */
    static final int ARCHIVE_FACTOR = 32;

    public DownloadLimits {
        for (Duration d : new Duration[] {connectTimeout, idleTimeout, totalTimeout}) {
            if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("download timeouts must be positive and under 24 days, got " + d);
            }
        }
        if (archiveSlack < 0) {
            throw new IllegalArgumentException("archive slack must be >= 0, got " + archiveSlack);
        }
    }

    /**
     * Connect 20 s, idle 30 s, total 10 min, archive slack 64 MiB; the timeouts can be set in seconds with
     * the system properties {@code mobilenet4j.download.connectTimeout}, {@code mobilenet4j.download.idleTimeout}
     * and {@code mobilenet4j.download.timeout} (a positive whole number, else an {@link IllegalArgumentException}
     * naming the property: {@link NumericProperties}).
     */
    public static DownloadLimits defaults() {
        return new DownloadLimits(seconds("connectTimeout", 20), seconds("idleTimeout", 30), seconds("timeout", 600),
                64L << 20);
    }

    private static Duration seconds(String name, long fallback) {
        return Duration.ofSeconds(NumericProperties.count("mobilenet4j.download." + name, fallback));
    }

    /** Largest body accepted for {@code e}: its exact size, or the archive allowance. */
    long maxDownload(CatalogEntry e) {
        return e.member() == null ? e.size() : maxArchive(e);
    }

    /** Largest archive, compressed or expanded, that may hold {@code e}'s member. */
    long maxArchive(CatalogEntry e) {
        return ARCHIVE_FACTOR * e.size() + archiveSlack;
    }
}
