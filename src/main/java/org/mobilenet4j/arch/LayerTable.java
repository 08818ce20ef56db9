package org.mobilenet4j.arch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A MobileNet layer table read from {@code models/<name>.table}, the single source of the architecture for
 * the graph builder, the cost counter and the {@code info} command.
 *
 * <p>Format: {@code #} starts a comment; {@code name TEXT} and {@code channels truncate|divisible N} set
 * the header; every other line is a row {@code block n kernel stride expand out se act width}, {@code -}
 * for "not applicable". {@code expand} may be a ratio {@code a/b}; {@code out} may be {@code classes}.
 */
public final class LayerTable {
    private final String name;
    private final ChannelRounding rounding;
    private final int divisor;
    private final List<LayerRow> rows;

    private LayerTable(String name, ChannelRounding rounding, int divisor, List<LayerRow> rows) {
        this.name = name;
        this.rounding = rounding;
        this.divisor = divisor;
        this.rows = Collections.unmodifiableList(rows);
    }

    public static LayerTable load(String resourceName) {
        String path = "/org/mobilenet4j/models/" + resourceName;
        try (InputStream in = LayerTable.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("layer table resource missing: " + path);
            }
            return parse(resourceName, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LayerTable parse(String source, BufferedReader reader) throws IOException {
        String name = source;
        ChannelRounding rounding = null;
        int divisor = 8;
        List<LayerRow> rows = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] f = text.split("\\s+");
            String where = source + ":" + lineNo;
            switch (f[0]) {
                case "name":
                    name = text.substring(4).trim();
                    break;
                case "channels":
                    require(f.length == 3, where, "expected 'channels truncate|divisible N'");
                    rounding = ChannelRounding.valueOf(f[1].toUpperCase());
                    divisor = Integer.parseInt(f[2]);
                    break;
                default:
                    require(f.length == 9, where, "expected 9 columns, found " + f.length);
                    rows.add(new LayerRow(f[0], Integer.parseInt(f[1]), intOrZero(f[2]), Math.max(1, intOrZero(f[3])),
                            ratio(f[4], where), f[5].equals("classes") ? -1 : intOrZero(f[5]), f[6].equals("se"),
                            f[7], f[8].equals("-") ? LayerRow.Width.FIXED : LayerRow.Width.valueOf(f[8].toUpperCase()),
                            lineNo));
            }
        }
        require(rounding != null, source, "no 'channels' line");
        return new LayerTable(name, rounding, divisor, rows);
    }

    private static void require(boolean ok, String where, String message) {
        if (!ok) {
            throw new IllegalArgumentException(where + ": " + message);
        }
    }

    private static int intOrZero(String s) {
        return s.equals("-") ? 0 : Integer.parseInt(s);
    }

    private static double ratio(String s, String where) {
        if (s.equals("-")) {
            return 0;
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            return Double.parseDouble(s);
        }
        double den = Double.parseDouble(s.substring(slash + 1));
        require(den > 0, where, "bad ratio " + s);
        return Double.parseDouble(s.substring(0, slash)) / den;
    }

    public String name() {
        return name;
    }

    public List<LayerRow> rows() {
        return rows;
    }

    /** Channels of a row's output at width multiplier alpha. */
    public int channels(LayerRow row, double alpha) {
        switch (row.width()) {
            case FIXED:
                return row.out();
            case GROW:
                return alpha > 1 ? rounding.apply(row.out() * alpha, divisor) : row.out();
            default:
                return rounding.apply(row.out() * alpha, divisor);
        }
    }

    /** Channels of an expansion (or squeeze) of {@code channels} by {@code ratio}. */
    public int expanded(int channels, double ratio) {
        return rounding.apply(channels * ratio, divisor);
    }
}
