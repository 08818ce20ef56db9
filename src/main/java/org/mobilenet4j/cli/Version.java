package org.mobilenet4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.mobilenet4j.backend.xnnpack.XnnpackBackend;
import org.mobilenet4j.vision.jpeg.NativeJpeg;
import picocli.CommandLine;

/**
 * Reports the version from the jar manifest (or "dev" when run from classes), the native sources bundled for
 * this platform, the instruction sets XNNPACK dispatches to here and the JPEG decoder in use: what a bug report needs.
 */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        List<String> lines = new ArrayList<>();
        lines.add("mobilenet4j " + (v == null ? "dev" : v));
        if (XnnpackBackend.unavailableReason() != null) {
            lines.add("native: " + XnnpackBackend.unavailableReason());
        } else {
            for (String line : XnnpackBackend.nativeVersions().split("\n")) {
                lines.add("  " + line);
            }
            lines.add("  isa " + XnnpackBackend.isa());
        }
        String jpeg = NativeJpeg.unavailableReason();
        lines.add(jpeg == null ? "  " + NativeJpeg.version() + " (JPEG decoding)" : "jpeg: " + jpeg + "; ImageIO decodes");
        lines.add("java " + System.getProperty("java.version") + " (" + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ")");
        return lines.toArray(new String[0]);
    }
}
