package org.mobilenet4j.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Converts every {@link Path} option and parameter of the CLI (registered in {@link Main#commandLine()}): an empty
 * value is a usage error naming the option, not the working folder it would otherwise resolve to ("--labels ''"
 * had read the folder and failed as "Is a directory", exit 1).
 */
final class PathOption implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        if (value.isBlank()) {
            throw new CommandLine.TypeConversionException("an empty string names no file or folder");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("not a valid path: " + e.getReason());
        }
    }
}
