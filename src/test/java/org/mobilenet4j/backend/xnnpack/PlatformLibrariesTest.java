package org.mobilenet4j.backend.xnnpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks every native library this build put in the jar, for each platform built: ELF class and machine
 * match the platform, every NEEDED entry is bundled beside it or is part of the C/C++ runtime of any Linux,
 * the only run path is $ORIGIN, no build-machine path is baked in, and no symbol needs a newer C library
 * than GLIBC 2.34 / GLIBCXX 3.4.30 (Raspberry Pi OS bookworm has 2.36 / 3.4.30; Ubuntu 22.04 has 2.35). Reads
 * the ELF headers itself. In CI (CI=true) the three Linux platforms must all be there.
 */
public class PlatformLibrariesTest {
    private static final Path NATIVES = Path.of("target/classes/org/mobilenet4j/backend/xnnpack");
    private static final Path JPEG_NATIVES = Path.of("target/classes/org/mobilenet4j/vision/jpeg");
    private static final Map<String, int[]> ELF = Map.of(
            // platform -> {EI_CLASS (1: 32-bit, 2: 64-bit), e_machine}
            "linux-x86_64", new int[] {2, 62},
            "linux-arm64", new int[] {2, 183},
            "linux-armhf", new int[] {1, 40},
            "android-arm64", new int[] {2, 183});
    private static final Pattern SYSTEM = Pattern.compile(
            "lib(c|m|dl|rt|pthread|stdc\\+\\+|gcc_s|log)\\.so(\\.\\d+)?|ld-linux[-.a-z0-9_]*\\.so\\.\\d+");

    @Test
    void everyBundledLibraryIsSelfContained() throws IOException {
        List<Path> platforms = new ArrayList<>();
        if (Files.isDirectory(NATIVES)) {
            try (Stream<Path> dirs = Files.list(NATIVES)) {
                dirs.filter(Files::isDirectory).forEach(platforms::add);
            }
        }
        Set<String> names = platforms.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(names.containsAll(Set.of("linux-x86_64", "linux-arm64", "linux-armhf")),
                    "CI builds all Linux platforms first; found " + names);
        }
        Assumptions.assumeFalse(platforms.isEmpty(), "no natives built");
        for (Path dir : platforms) {
            String platform = dir.getFileName().toString();
            int[] expected = ELF.get(platform);
            List<Path> libs;
            try (Stream<Path> files = Files.list(dir)) {
                libs = files.filter(f -> f.getFileName().toString().contains(".so")).collect(Collectors.toList());
            }
            Set<String> bundled = libs.stream().map(f -> f.getFileName().toString()).collect(Collectors.toSet());
            // XNNPACK and pthreadpool are linked in statically; cpuinfo is Debian's shared library
            assertTrue(bundled.contains("libjniXnnpackNative.so"), platform + ": " + bundled);
            if (platform.startsWith("linux")) {
                assertTrue(bundled.contains("libcpuinfo.so.0"), platform + ": " + bundled);
                assertFalse(bundled.contains("libXNNPACK.so.0"), platform + ": a shared XNNPACK is bundled: " + bundled);
            }
            // libjpeg-turbo: linked statically into its own JNI library, which needs nothing but the C/C++ runtime
            Path jpeg = JPEG_NATIVES.resolve(platform).resolve("libjniJpegNative.so");
            assertTrue(Files.isRegularFile(jpeg), platform + ": no " + jpeg);
            List<Path> checked = new ArrayList<>(libs);
            checked.add(jpeg);
            for (Path lib : checked) {
                String what = platform + "/" + lib.getFileName();
                ElfInfo elf = ElfInfo.read(Files.readAllBytes(lib));
                assertEquals(expected[0], elf.elfClass, what + ": ELF class");
                assertEquals(expected[1], elf.machine, what + ": e_machine");
                for (String needed : elf.needed) {
                    assertTrue(bundled.contains(needed) || SYSTEM.matcher(needed).matches(),
                            what + " needs " + needed + ", neither bundled nor a system runtime library");
                }
                for (String version : elf.versionsNeeded) {
                    assertTrue(notNewerThan(version, "GLIBC_", "2.34") && notNewerThan(version, "GLIBCXX_", "3.4.30"),
                            what + " needs " + version + " (at most GLIBC_2.34 and GLIBCXX_3.4.30)");
                }
                for (String path : elf.runPaths) {
                    assertTrue(path.equals("$ORIGIN") || path.equals("$ORIGIN/"), what + ": run path " + path);
                }
                String text = new String(Files.readAllBytes(lib), StandardCharsets.ISO_8859_1);
                Matcher m = Pattern.compile("(/work/|/root/|/home/|/tmp/|target/cppbuild)[\\x21-\\x7e]*").matcher(text);
                assertFalse(m.find(), what + " contains the build-machine path " + (m.find(0) ? m.group() : ""));
            }
        }
    }

    @Test
    void symbolVersionLimitCompares() {
        assertTrue(notNewerThan("GLIBC_2.34", "GLIBC_", "2.34"));
        assertTrue(notNewerThan("GLIBC_2.2.5", "GLIBC_", "2.34"));
        assertFalse(notNewerThan("GLIBC_2.38", "GLIBC_", "2.34"));
        assertFalse(notNewerThan("GLIBCXX_3.4.32", "GLIBCXX_", "3.4.30"));
        assertTrue(notNewerThan("CXXABI_1.3.13", "GLIBC_", "2.34"));
    }

    /** False if `version` is prefix + a dotted number newer than `limit`; true for other prefixes. */
    static boolean notNewerThan(String version, String prefix, String limit) {
        if (!version.startsWith(prefix) || !version.substring(prefix.length()).matches("[0-9.]+")) {
            return true;
        }
        String[] v = version.substring(prefix.length()).split("\\.");
        String[] l = limit.split("\\.");
        for (int i = 0; i < Math.max(v.length, l.length); i++) {
            int a = i < v.length ? Integer.parseInt(v[i]) : 0;
            int b = i < l.length ? Integer.parseInt(l[i]) : 0;
            if (a != b) {
                return a < b;
            }
        }
        return true;
    }

    /**
     * The parts of an ELF shared object this test needs: class, machine, DT_NEEDED, DT_RPATH/DT_RUNPATH and the
     * symbol versions it needs from other libraries (.gnu.version_r).
     */
    public static final class ElfInfo {
        public int elfClass;
        public int machine;
        public final List<String> needed = new ArrayList<>();
        public final List<String> runPaths = new ArrayList<>();
        public final List<String> versionsNeeded = new ArrayList<>();

        public static ElfInfo read(byte[] b) {
            if (b.length < 52 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' || b[5] != 1) {
                throw new IllegalArgumentException("not a little-endian ELF file");
            }
            ElfInfo e = new ElfInfo();
            e.elfClass = b[4];
            boolean is64 = e.elfClass == 2;
            e.machine = u16(b, 18);
            long shoff = is64 ? u64(b, 40) : u32(b, 32);
            int shentsize = u16(b, is64 ? 58 : 46);
            int shnum = u16(b, is64 ? 60 : 48);
            for (int i = 0; i < shnum; i++) {
                int sh = (int) (shoff + (long) i * shentsize);
                long type = u32(b, sh + 4);
                if (type == 0x6ffffffeL) { // SHT_GNU_verneed: Elf_Verneed entries, each with Elf_Vernaux entries
                    e.readVersionsNeeded(b, sh, is64, shoff, shentsize);
                    continue;
                }
                if (type != 6) { // SHT_DYNAMIC
                    continue;
                }
                long offset = is64 ? u64(b, sh + 24) : u32(b, sh + 16);
                long size = is64 ? u64(b, sh + 32) : u32(b, sh + 20);
                int link = (int) u32(b, sh + (is64 ? 40 : 24));
                int strSh = (int) (shoff + (long) link * shentsize);
                long strOff = is64 ? u64(b, strSh + 24) : u32(b, strSh + 16);
                int entSize = is64 ? 16 : 8;
                for (long p = offset; p + entSize <= offset + size; p += entSize) {
                    long tag = is64 ? u64(b, (int) p) : u32(b, (int) p);
                    long val = is64 ? u64(b, (int) p + 8) : u32(b, (int) p + 4);
                    if (tag == 0) {
                        break;
                    }
                    if (tag == 1) {
                        e.needed.add(string(b, (int) (strOff + val)));
                    } else if (tag == 15 || tag == 29) {
                        for (String path : string(b, (int) (strOff + val)).split(":")) {
                            e.runPaths.add(path);
                        }
                    }
                }
            }
            return e;
        }

        private void readVersionsNeeded(byte[] b, int sh, boolean is64, long shoff, int shentsize) {
            long offset = is64 ? u64(b, sh + 24) : u32(b, sh + 16);
            int link = (int) u32(b, sh + (is64 ? 40 : 24));
            int strSh = (int) (shoff + (long) link * shentsize);
            long strOff = is64 ? u64(b, strSh + 24) : u32(b, strSh + 16);
            long need = offset;
            while (true) {
                int count = u16(b, (int) need + 2);
                long aux = need + u32(b, (int) need + 8);
                for (int i = 0; i < count; i++) {
                    versionsNeeded.add(string(b, (int) (strOff + u32(b, (int) aux + 8))));
                    long nextAux = u32(b, (int) aux + 12);
                    if (nextAux == 0) {
                        break;
                    }
                    aux += nextAux;
                }
                long next = u32(b, (int) need + 12);
                if (next == 0) {
                    break;
                }
                need += next;
            }
        }

        private static int u16(byte[] b, int o) {
            return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
        }

        private static long u32(byte[] b, int o) {
            return (u16(b, o) | (long) u16(b, o + 2) << 16) & 0xffffffffL;
        }

        private static long u64(byte[] b, int o) {
            return u32(b, o) | u32(b, o + 4) << 32;
        }

        private static String string(byte[] b, int o) {
            int end = o;
            while (b[end] != 0) {
                end++;
            }
            return new String(b, o, end - o, StandardCharsets.US_ASCII);
        }
    }
}
