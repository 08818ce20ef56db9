package org.mobilenet4j.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The files a batch command works on, streamed from its arguments in order: a file as given; a folder, walked
 * recursively depth-first with each folder's entries sorted by name, keeping the files the folder filter
 * accepts (by name, e.g. image suffixes); a glob ({@code photos/*.jpg}; {@code **} crosses folders) expanded
 * in the same order; {@code -}: one path per line of standard input, read as needed. Only the folders on the
 * current walk path are listed at once, and as names, so the whole file list is never held in memory. Problems
 * found while listing (an unreadable folder, a folder in which the filter keeps no file, a glob that matches
 * nothing) become entries of their own with a {@link Entry#problem()}. Not thread-safe: one consumer.
 */
public final class InputPaths implements Iterator<InputPaths.Entry> {

    /** One input: a path and, when it cannot be used, why (else null). */
    public record Entry(Path path, String problem) {
    }

    private final Iterator<String> arguments;
    private final Supplier<BufferedReader> stdin;
    private final Predicate<Path> folderFilter;
    private Iterator<Entry> current = Collections.emptyIterator();
    private long skipped;

    /**
     * @param arguments    files, folders, globs and "-"
     * @param stdin        opened once, when a "-" argument is reached
     * @param folderFilter which files found inside folders to keep (files named explicitly are always kept)
     */
    public InputPaths(List<String> arguments, Supplier<BufferedReader> stdin, Predicate<Path> folderFilter) {
        this.arguments = List.copyOf(arguments).iterator();
        this.stdin = stdin;
        this.folderFilter = folderFilter;
    }

    /** Files inside walked folders that the folder filter left out so far. */
    public long skipped() {
        return skipped;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (!arguments.hasNext()) {
                return false;
            }
            current = expand(arguments.next());
        }
        return true;
    }

    @Override
    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    private Iterator<Entry> expand(String argument) {
        if (argument.equals("-")) {
            // no path at all is a failed input, as an empty folder or a glob that matches nothing is
            return orElse(new StdinLines(stdin.get()), new Entry(Path.of("-"), "no image paths on standard input"));
        }
        Path path = Path.of(argument);
        if (Files.isDirectory(path)) {
            return orElse(new Walk(path, p -> {
                if (folderFilter.test(p)) {
                    return true;
                }
                skipped++;
                return false;
            }), new Entry(path, "no images found in " + path));
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && isGlob(argument)) {
            return glob(argument);
        }
        return List.of(new Entry(path, null)).iterator();
    }

    static boolean isGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static Iterator<Entry> glob(String pattern) {
        Path p = Path.of(pattern);
        Path base = p.isAbsolute() ? p.getRoot() : Path.of("");
        for (Path part : p) {
            if (isGlob(part.toString())) {
                break;
            }
            base = base.resolve(part);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        Path start = base.toString().isEmpty() ? Path.of(".") : base;
        boolean relativeStart = base.toString().isEmpty();
        if (!Files.isDirectory(start)) {
            return List.of(new Entry(p, "no file matches this pattern")).iterator();
        }
        Walk walk = new Walk(start, f -> matcher.matches(relativeStart ? start.relativize(f) : f));
        Iterator<Entry> matches = !relativeStart ? walk : new Iterator<>() {
            @Override
            public boolean hasNext() {
                return walk.hasNext();
            }

            @Override
            public Entry next() {
                Entry e = walk.next();
                return e.problem() == null ? new Entry(start.relativize(e.path()), null) : e;
            }
        };
        return orElse(matches, new Entry(p, "no file matches this pattern"));
    }

    /** The entries, or when there are none, the one entry {@code none} (an argument that gave no file). */
    private static Iterator<Entry> orElse(Iterator<Entry> entries, Entry none) {
        return new Iterator<>() {
            boolean any;

            @Override
            public boolean hasNext() {
                return entries.hasNext() || !any;
            }

            @Override
            public Entry next() {
                if (entries.hasNext()) {
                    any = true;
                    return entries.next();
                }
                if (any) {
                    throw new NoSuchElementException();
                }
                any = true;
                return none;
            }
        };
    }

    /** Depth-first, sorted walk of a folder; symbolic links to folders are not followed (no cycles). */
    private static final class Walk implements Iterator<Entry> {
        private final Deque<Iterator<Path>> stack = new ArrayDeque<>();
        private final Predicate<Path> keep;
        private Entry next;

        Walk(Path root, Predicate<Path> keep) {
            this.keep = keep;
            push(root);
        }

        private void push(Path folder) {
            // names only (not Paths): the one listing that must be held whole, to be sorted
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
                s.forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException | UncheckedIOException e) {
                next = new Entry(folder, "cannot list this folder: " + ErrorText.of(e));
                return;
            }
            names.sort(null);
            Iterator<String> it = names.iterator();
            stack.push(new Iterator<>() {
                public boolean hasNext() {
                    return it.hasNext();
                }

                public Path next() {
                    return folder.resolve(it.next());
                }
            });
        }

        @Override
        public boolean hasNext() {
            while (next == null && !stack.isEmpty()) {
                Iterator<Path> top = stack.peek();
                if (!top.hasNext()) {
                    stack.pop();
                    continue;
                }
                Path p = top.next();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    push(p);
                } else if (Files.isSymbolicLink(p) && Files.isDirectory(p)) {
                    continue; // a link to a folder: not followed, and no file for the filter to keep or leave out
                } else if (keep.test(p)) {
                    next = new Entry(p, null);
                }
            }
            return next != null;
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Entry e = next;
            next = null;
            return e;
        }
    }

    /** Non-blank lines of standard input, read as they are needed. */
    private static final class StdinLines implements Iterator<Entry> {
        private final BufferedReader in;
        private String line;
        private boolean done;

        StdinLines(BufferedReader in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            while (line == null && !done) {
                try {
                    String l = in.readLine();
                    if (l == null) {
                        done = true;
                    } else if (!l.isBlank()) {
                        line = l.strip();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the list of paths on standard input: "
                            + ErrorText.of(e), e);
                }
            }
            return line != null;
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String l = line;
            line = null;
            try {
                return new Entry(Path.of(l), null);
            } catch (java.nio.file.InvalidPathException e) {
                return new Entry(Path.of(""), "invalid path '" + l + "' on standard input: " + e.getReason());
            }
        }
    }
}
