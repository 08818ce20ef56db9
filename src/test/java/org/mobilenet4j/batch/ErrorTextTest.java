package org.mobilenet4j.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.BufferUnderflowException;
import org.junit.jupiter.api.Test;

/** ErrorText never leaves a message empty or ending in a dangling colon. */
class ErrorTextTest {

    @Test
    void messageLessCauseInAWrappedMessageBecomesItsKindInWords() {
        // as TfliteImporter wraps a truncated file's failure: name + " is corrupt or truncated: " + e
        IndexOutOfBoundsException cause = new IndexOutOfBoundsException();
        IllegalStateException e = new IllegalStateException("m.tflite is corrupt or truncated: " + cause, cause);
        assertEquals("m.tflite is corrupt or truncated: index out of bounds", ErrorText.of(e));
    }

    @Test
    void danglingColonIsCompletedByTheCause() {
        BufferUnderflowException cause = new BufferUnderflowException();
        IllegalStateException e = new IllegalStateException("m.tflite is corrupt or truncated: ", cause);
        assertEquals("m.tflite is corrupt or truncated: buffer underflow", ErrorText.of(e));
    }

    @Test
    void danglingColonWithoutCauseSaysTheKind() {
        assertEquals("cannot read: illegal state", ErrorText.of(new IllegalStateException("cannot read:")));
    }

    @Test
    void prefixesWithAMessageAfterThemAreRemoved() {
        IllegalStateException e = new IllegalStateException("m.tflite is corrupt or truncated: "
                + new IllegalArgumentException("newLimit < 0: (-1 < 0)"));
        assertEquals("m.tflite is corrupt or truncated: newLimit < 0: (-1 < 0)", ErrorText.of(e));
    }

    @Test
    void messageThatIsOnlyAClassNameIsItsKind() {
        assertEquals("null pointer", ErrorText.of(new RuntimeException("java.lang.NullPointerException")));
    }

    /** File-system exceptions whose message is only the path say what happened: "cannot fetch X: /dev/null" had. */
    @Test
    void aFileSystemExceptionThatIsOnlyAPathSaysItsKind() {
        assertEquals("file already exists (/dev/null)",
                ErrorText.of(new java.nio.file.FileAlreadyExistsException("/dev/null")));
        assertEquals("not a folder (/a/file)", ErrorText.of(new java.nio.file.NotDirectoryException("/a/file")));
        assertEquals("folder not empty (/d)", ErrorText.of(new java.nio.file.DirectoryNotEmptyException("/d")));
    }

    @Test
    void fetchIntoACacheThatIsNotAFolderSaysSo() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/dev/null")));
        picocli.CommandLine cl = org.mobilenet4j.cli.Main.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        int exit = cl.execute("fetch", "--cache", "/dev/null", "--mirror", "http://127.0.0.1:9",
                "mobilenet_v1_0.25_128_quant");
        assertEquals(1, exit, err.toString());
        org.junit.jupiter.api.Assertions.assertTrue(err.toString().contains(
                "error: cannot fetch mobilenet_v1_0.25_128_quant: the cache /dev/null is not a folder"), err.toString());
    }
}
