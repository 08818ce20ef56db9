package org.mobilenet4j.batch;

import java.net.ConnectException;
import java.nio.charset.CharacterCodingException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A failure in plain words for a user: the message without {@code java.lang.…Exception:} prefixes, and for
 * exceptions whose message is only a path or empty (file-system and network errors), what happened.
 */
public final class ErrorText {
    private ErrorText() {
    }

    /** The words that describe {@code t} (never null, never a bare class name). */
    public static String of(Throwable t) {
        if (t instanceof NoSuchFileException e) {
            return "no such file " + e.getFile();
        }
        if (t instanceof AccessDeniedException e) {
            return "permission denied for " + e.getFile();
        }
        if (t instanceof FileSystemException e && e.getReason() != null) {
            return e.getReason().toLowerCase(java.util.Locale.ROOT) + " (" + e.getFile() + ")";
        }
        if (t instanceof FileSystemException e && e.getFile() != null && e.getFile().equals(e.getMessage())) {
            // its message is only the path: the exception's kind says what happened
            String what = t instanceof NotDirectoryException ? "not a folder"
                    : t instanceof DirectoryNotEmptyException ? "folder not empty"
                    : words(t.getClass().getSimpleName());
            return what + " (" + e.getFile() + ")";
        }
        if (t instanceof CharacterCodingException) {
            // its message is only "Input length = 1": what it means for a text file read as UTF-8
            return "not UTF-8 text";
        }
        if (t instanceof ConnectException) {
            return "connection refused" + (t.getMessage() == null || t.getMessage().isBlank() ? "" : " (" + strip(t.getMessage()) + ")");
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof HttpTimeoutException) {
            return "the server did not answer in time";
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getCause() != null && t.getCause() != t ? of(t.getCause()) : words(t.getClass().getSimpleName());
        }
        Throwable cause = t.getCause();
        if (cause != null && m.equals(cause.toString())) {
            return of(cause);
        }
        if (cause instanceof FileSystemException fs && fs.getMessage() != null && m.endsWith(": " + fs.getMessage())) {
            // "cannot read X: X" (a file-system exception's message is often just the path): say what happened
            return strip(m.substring(0, m.length() - fs.getMessage().length())) + " " + of(fs);
        }
        String s = strip(m);
        if (s.isEmpty() || s.endsWith(":")) {
            // nothing left to say after the stripping: what the cause says, else what kind of failure this is
            String why = cause != null && cause != t ? of(cause) : words(t.getClass().getSimpleName());
            return s.isEmpty() ? why : s + " " + why;
        }
        return s;
    }

    private static final java.util.regex.Pattern QUALIFIED_EXCEPTION = java.util.regex.Pattern.compile(
            "\\b(?:[a-z_][\\w$]*\\.)+([A-Z][\\w$]*(?:Exception|Error))(:[ \\t]*)?(?=(\\S?))");

    /**
     * Removes every {@code some.package.SomeException: } prefix from a message; a qualified exception name with
     * no message after it (a message-less exception's {@code toString()}) becomes its kind in words instead, so
     * that "x is corrupt: java.lang.IndexOutOfBoundsException" reads "x is corrupt: index out of bounds" and
     * never ends in a dangling colon.
     */
    static String strip(String message) {
        return QUALIFIED_EXCEPTION.matcher(message)
                .replaceAll(m -> m.group(3).isEmpty() ? java.util.regex.Matcher.quoteReplacement(words(m.group(1))) : "")
                .strip();
    }

    /** "ClosedChannelException" → "closed channel". */
    private static String words(String className) {
        String s = className.replaceAll("(Exception|Error)$", "").replaceAll("([a-z])([A-Z])", "$1 $2");
        return s.isEmpty() ? "unknown failure" : s.toLowerCase(java.util.Locale.ROOT);
    }
}
