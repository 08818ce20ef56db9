package org.mobilenet4j.batch;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Which files found in a folder are images, by name: the suffixes that the installed ImageIO readers declare
 * (so a reader plugin on the class path widens it), compared case-insensitively.
 */
public final class ImageSuffixes {
    private static final Set<String> SUFFIXES = load();

    private ImageSuffixes() {
    }

    private static Set<String> load() {
        Set<String> s = new TreeSet<>();
        for (String suffix : ImageIO.getReaderFileSuffixes()) {
            if (!suffix.isEmpty()) {
                s.add(suffix.toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(s);
    }

    /** True when the file name ends with "." and one of the suffixes. */
    public static boolean accepts(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String n = name.toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && SUFFIXES.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The suffixes, sorted. */
    public static Set<String> all() {
        return new TreeSet<>(SUFFIXES);
    }
}
