package org.mobilenet4j.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;

/**
 * The hash split against retrain.py's formula as Python computes it (hashlib.sha1, int(hex, 16) % (2^27),
 * * 100 / (2^27 - 1); values below printed by CPython 3 for these names), and the data set reader.
 */
class SplitTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file name, split at 10/10, split at 25/25 (CPython: percentage 36.28, 95.60, 83.79, 43.70, 27.54, 89.46, 23.82)
        "10090824183_d02c613f10_m.jpg, TRAIN, TEST",
        "102501987_3cdb8e5394_n.jpg, TRAIN, TRAIN",
        "10503217854_e66a804309.jpg, TRAIN, TRAIN",
        "10894627425_ec76bbc757_n.jpg, TRAIN, TEST",
        "11102341464_508d558dfc_n.jpg, TRAIN, TEST",
        "dog_nohash_1.jpg, TRAIN, TRAIN",
        "dog_nohash_2.jpg, TRAIN, TRAIN",
        "dog.jpg, TRAIN, VALIDATION",
    })
    void asRetrainPyComputesIt(String name, Split at10, Split at25) {
        assertEquals(at10, Split.of(name, 10, 10));
        assertEquals(at25, Split.of(name, 25, 25));
    }

    @Test
    void flowersSplitsAsPythonCountsIt() {
        ImageFolder f = ImageFolder.scan(TestData.file("datasets/flowers-128"), 10, 10, s -> { });
        assertEquals(List.of("daisy", "dandelion", "roses", "sunflowers", "tulips"), f.labels());
        assertEquals(500, f.images().size());
        assertEquals(392, f.images(Split.TRAIN).size());
        assertEquals(56, f.images(Split.VALIDATION).size());
        assertEquals(52, f.images(Split.TEST).size());
    }

    @Test
    void addingImagesMovesNoOldOneAndEmptyClassFoldersAreWarnedAbout(@TempDir Path dir) throws Exception {
        for (String c : List.of("a", "b")) {
            Files.createDirectories(dir.resolve(c));
            for (int i = 0; i < 30; i++) {
                Files.write(dir.resolve(c).resolve("img" + i + ".JPG"), new byte[] {1});
            }
        }
        Files.createDirectories(dir.resolve("c"));
        Files.write(dir.resolve("c").resolve("one.png"), new byte[] {1});
        Files.createDirectories(dir.resolve("empty"));
        List<String> warnings = new ArrayList<>();
        ImageFolder before = ImageFolder.scan(dir, 20, 20, warnings::add);
        assertEquals(List.of("a", "b", "c"), before.labels());
        // empty has no image file; c's single file is not warned about here: whether it decodes is found when
        // Retrainer embeds it, which warns about classes with few images that decode
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).contains("empty"), warnings.get(0));
        for (int i = 30; i < 60; i++) {
            Files.write(dir.resolve("a").resolve("img" + i + ".jpg"), new byte[] {1});
        }
        ImageFolder after = ImageFolder.scan(dir, 20, 20, s -> { });
        for (LabeledImage old : before.images()) {
            assertEquals(old, after.images().stream().filter(i -> i.file().equals(old.file())).findFirst().orElseThrow());
        }
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.scan(dir.resolve("a"), 10, 10, s -> { }),
                "a folder of images is not a folder of classes");
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.scan(dir, 60, 40, s -> { }));
    }

    @Test
    void imagesInSubFoldersOfAClassFolderBelongToThatClass(@TempDir Path dir) throws Exception {
        // depth first, each folder's entries sorted by name ("sub one" before "top.jpg")
        List<String> expected = List.of("a/sub one/deeper/z.png", "a/sub one/y.jpg", "a/top.jpg", "b/only.jpg");
        List<String> ignored = List.of("a/.hidden/h.jpg", "a/sub one/.h.jpg", "a/sub one/notes.txt");
        for (String f : Stream.concat(expected.stream(), ignored.stream()).toList()) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.write(dir.resolve(f), new byte[] {1});
        }
        Files.createSymbolicLink(dir.resolve("a/link"), dir.resolve("b")); // a link to a folder is not followed
        ImageFolder f = ImageFolder.scan(dir, 10, 10, s -> { });
        assertEquals(List.of("a", "b"), f.labels());
        assertEquals(expected.stream().map(dir::resolve).toList(), f.images().stream().map(LabeledImage::file).toList());
        assertEquals(List.of(0, 0, 0, 1), f.images().stream().map(LabeledImage::label).toList());
        assertEquals(List.of(), f.warnings());
    }
}
