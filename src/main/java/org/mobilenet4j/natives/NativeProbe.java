package org.mobilenet4j.natives;

import java.util.function.Function;
import org.bytedeco.javacpp.Loader;

/**
 * Whether a JNI library can be used here, found out once: loaded, then one native call made. The call matters:
 * a JNI library binds to the first class loader that loads it (two web applications in one container, a plugin
 * loader), and in a second one the load succeeds but no native method links. Callers report the reason and
 * fall back instead of failing with {@link UnsatisfiedLinkError} at their first real call. Thread-safe. Not
 * API: it may change in any release.
 */
public final class NativeProbe {
    private final Runnable load;
    private final Runnable call;
    private final Function<Throwable, String> loadFailed;
    private final String boundElsewhere;
    private volatile boolean probed;
    private volatile String reason;

    /**
     * @param load           loads the library (throws, an {@link UnsatisfiedLinkError} or another error, where it
     *                       cannot)
     * @param call           one cheap native call
     * @param loadFailed     the reason from what {@code load} threw
     * @param boundElsewhere the reason when {@code call} does not link, followed by the error's message
     */
    public NativeProbe(Runnable load, Runnable call, Function<Throwable, String> loadFailed, String boundElsewhere) {
        this.load = load;
        this.call = call;
        this.loadFailed = loadFailed;
        this.boundElsewhere = boundElsewhere;
    }

    /** "no NAME natives for platform P (os.arch=A): " followed by {@code t}: a reason for {@code loadFailed}. */
    public static String noNatives(String name, Throwable t) {
        return "no " + name + " natives for platform " + Loader.getPlatform() + " (os.arch="
                + System.getProperty("os.arch") + "): " + t;
    }

    /** Null if the library loads and its call links, else why not; probed on the first call only. */
    public String reasonUnavailable() {
        if (!probed) {
            synchronized (this) {
                if (!probed) {
                    reason = probe();
                    probed = true;
                }
            }
        }
        return reason;
    }

    private String probe() {
        try {
            load.run();
        } catch (Throwable t) { // UnsatisfiedLinkError, or anything else a broken library throws
            return loadFailed.apply(t);
        }
        try {
            call.run();
            return null;
        } catch (UnsatisfiedLinkError e) {
            return boundElsewhere + e.getMessage();
        }
    }
}
