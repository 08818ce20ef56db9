package org.mobilenet4j.arch;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The MobileNet families, each backed by one layer table under models/. */
public enum Architecture {
    V1("v1", "mobilenet_v1.table"),
    V2("v2", "mobilenet_v2.table"),
    V3_LARGE("v3-large", "mobilenet_v3_large.table"),
    V3_SMALL("v3-small", "mobilenet_v3_small.table"),
    V3_LARGE_MINIMALISTIC("v3-large-min", "mobilenet_v3_large_minimalistic.table"),
    V3_SMALL_MINIMALISTIC("v3-small-min", "mobilenet_v3_small_minimalistic.table");

    private final String cliName;
    private final String tableResource;

    Architecture(String cliName, String tableResource) {
        this.cliName = cliName;
        this.tableResource = tableResource;
    }

    public String cliName() {
        return cliName;
    }

    public LayerTable table() {
        return LayerTable.load(tableResource);
    }

    public static Architecture fromName(String name) {
        for (Architecture a : values()) {
            if (a.cliName.equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Architecture::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
