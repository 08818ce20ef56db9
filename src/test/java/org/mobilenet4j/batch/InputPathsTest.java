package org.mobilenet4j.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders, globs and "-" expand to files in a fixed order, lazily. */
class InputPathsTest {

    @TempDir
    Path dir;

    private static List<String> list(InputPaths in) {
        List<String> out = new ArrayList<>();
        in.forEachRemaining(e -> out.add(e.problem() == null ? e.path().toString() : e.path() + " ! " + e.problem()));
        return out;
    }

    private void touch(String... names) throws IOException {
        for (String n : names) {
            Path p = dir.resolve(n);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[] {1});
        }
    }

    @Test
    void folderIsWalkedRecursivelyInSortedOrderKeepingImageNames() throws IOException {
        touch("b.jpg", "a.PNG", "sub/z.jpeg", "sub/deeper/c.bmp", "notes.txt", "LICENSE", "c.gif");
        InputPaths in = new InputPaths(List.of(dir.toString()), () -> null, ImageSuffixes::accepts);
        List<String> got = list(in);
        String d = dir.toString();
        assertEquals(List.of(d + "/a.PNG", d + "/b.jpg", d + "/c.gif", d + "/sub/deeper/c.bmp", d + "/sub/z.jpeg"), got);
        assertEquals(2, in.skipped(), "notes.txt and LICENSE are left out");
    }

    @Test
    void aLinkToAFolderIsNeitherFollowedNorCountedAsASkippedFile() throws IOException {
        touch("a.jpg", "notes.txt", "other/b.jpg");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("other"));
        Files.createSymbolicLink(dir.resolve("other/loop"), dir);
        InputPaths in = new InputPaths(List.of(dir.resolve("link").toString(), dir.toString()), () -> null,
                ImageSuffixes::accepts);
        String d = dir.toString();
        // a link given as an argument is walked; one met inside a folder is not (no cycles)
        assertEquals(List.of(d + "/link/b.jpg", d + "/a.jpg", d + "/other/b.jpg"), list(in));
        assertEquals(1, in.skipped(), "notes.txt only: the links are folders, not files whose names are not images");
    }

    @Test
    void explicitFilesAreKeptWhateverTheirNameAndMissingOnesToo() throws IOException {
        touch("notes.txt");
        String missing = dir.resolve("missing.jpg").toString();
        List<String> got = list(new InputPaths(List.of(dir.resolve("notes.txt").toString(), missing), () -> null,
                ImageSuffixes::accepts));
        assertEquals(List.of(dir.resolve("notes.txt").toString(), missing), got);
    }

    @Test
    void globsExpandInOrderAndAnEmptyGlobIsAProblemEntry() throws IOException {
        touch("x/2.jpg", "x/1.jpg", "x/1.png", "x/sub/3.jpg");
        String d = dir.toString();
        assertEquals(List.of(d + "/x/1.jpg", d + "/x/2.jpg"),
                list(new InputPaths(List.of(d + "/x/*.jpg"), () -> null, p -> true)));
        assertEquals(List.of(d + "/x/1.jpg", d + "/x/2.jpg", d + "/x/sub/3.jpg"),
                list(new InputPaths(List.of(d + "/x/**.jpg"), () -> null, p -> true)));
        List<String> none = list(new InputPaths(List.of(d + "/x/*.webp"), () -> null, p -> true));
        assertEquals(1, none.size());
        assertTrue(none.get(0).endsWith("! no file matches this pattern"), none.get(0));
    }

    @Test
    void aFolderWithNothingToKeepIsAProblemEntryLikeAnEmptyGlob() throws IOException {
        touch("docs/notes.txt", "full/a.jpg");
        Files.createDirectories(dir.resolve("empty/sub"));
        String d = dir.toString();
        List<String> got = list(new InputPaths(List.of(d + "/empty", d + "/docs", d + "/full"), () -> null,
                ImageSuffixes::accepts));
        assertEquals(List.of(d + "/empty ! no images found in " + d + "/empty",
                d + "/docs ! no images found in " + d + "/docs", d + "/full/a.jpg"), got);
    }

    @Test
    void aDashWithNothingOnStdinIsAProblemEntryLikeAnEmptyFolder() {
        List<String> got = list(new InputPaths(List.of("-"), () -> new BufferedReader(new StringReader("\n  \n")),
                p -> true));
        assertEquals(List.of("- ! no image paths on standard input"), got);
    }

    @Test
    void dashReadsPathsFromStdinOnlyWhenReached() {
        int[] opened = {0};
        InputPaths in = new InputPaths(List.of("first.jpg", "-", "last.jpg"), () -> {
            opened[0]++;
            return new BufferedReader(new StringReader("a.jpg\n\n  b c.jpg  \n"));
        }, p -> true);
        assertEquals("first.jpg", in.next().path().toString());
        assertEquals(0, opened[0], "stdin is opened when '-' is reached, not before");
        assertEquals(List.of("a.jpg", "b c.jpg", "last.jpg"), list(in));
        assertEquals(1, opened[0]);
    }

    @Test
    void unreadableFolderIsAProblemEntryNotAnAbort() throws IOException {
        touch("ok/a.jpg", "locked/b.jpg");
        Path locked = dir.resolve("locked");
        assertTrue(locked.toFile().setReadable(false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked),
                    "running as root: folder permissions are not enforced");
            List<String> got = list(new InputPaths(List.of(dir.toString()), () -> null, p -> true));
            assertTrue(got.get(0).startsWith(locked + " ! cannot list this folder"), got.toString());
            assertEquals(dir.resolve("ok/a.jpg").toString(), got.get(1));
        } finally {
            locked.toFile().setReadable(true);
        }
    }

    @Test
    void errorTextHasNoClassNamesAndNoNull() {
        assertEquals("Invalid JPEG file structure: missing SOS marker", ErrorText.strip(
                "javax.imageio.IIOException: Invalid JPEG file structure: missing SOS marker"));
        assertEquals("connection refused", ErrorText.of(new java.net.ConnectException()));
        assertEquals("no such file /x/y.jpg", ErrorText.of(new java.nio.file.NoSuchFileException("/x/y.jpg")));
        assertEquals("closed channel", ErrorText.of(new java.nio.channels.ClosedChannelException()));
        assertEquals("cannot read labels /l.txt: no such file /l.txt", ErrorText.of(new java.io.UncheckedIOException(
                "cannot read labels /l.txt: /l.txt", new java.nio.file.NoSuchFileException("/l.txt"))));
    }
}
