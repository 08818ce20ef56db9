package org.mobilenet4j.cli;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.mobilenet4j.batch.OutputFormat;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The --format option (and --json, short for --format json) of every command that prints results. A command
 * names the formats it writes once, in {@link Offered#formats()}; {@link Help} writes them into its --format help.
 */
final class OutputOptions {
    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            completionCandidates = FormatNames.class, description = "output format")
    OutputFormat format;

    /** A command with an --format option: the formats it writes. */
    interface Offered {
        Set<OutputFormat> formats();
    }

    /** Lists the command's own formats in its --format help, with the default (text) or "required". */
    static final class Help implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            Set<OutputFormat> offered = ((Offered) spec.userObject()).formats();
            String list = offered.stream().map(OutputFormat::option).collect(Collectors.joining(", "));
            CommandLine.Model.OptionSpec shared = spec.findOption("--format");
            spec.remove(shared);
            spec.addOption(shared.toBuilder().description(list + (offered.contains(OutputFormat.TEXT)
                    ? " (default: text)" : " (required: " + spec.name() + " has no text output)")).build());
            return spec;
        }
    }

    @Option(names = "--json", description = "same as --format json")
    boolean json;

    /**
     * The chosen format; one the command does not support, --json with another --format, or no format for a
     * command without text output, is a usage error.
     */
    OutputFormat format(CommandSpec spec) {
        Set<OutputFormat> supported = ((Offered) spec.userObject()).formats();
        if (json && format != null && format != OutputFormat.JSON) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--json contradicts --format "
                    + format.option());
        }
        String choices = supported.stream().map(OutputFormat::option).collect(Collectors.joining(" or "));
        if (!json && format == null && !supported.contains(OutputFormat.TEXT)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing --format: " + spec.name()
                    + " writes " + choices);
        }
        OutputFormat f = json ? OutputFormat.JSON : format == null ? OutputFormat.TEXT : format;
        if (!supported.contains(f)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format " + f.option() + " is not available for "
                    + spec.name() + "; use " + choices);
        }
        return f;
    }

    static final Set<OutputFormat> SINGLE_OBJECT = EnumSet.of(OutputFormat.TEXT, OutputFormat.JSON);

    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(OutputFormat.values()).map(OutputFormat::option).iterator();
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat f : OutputFormat.values()) {
                if (f.option().equals(value)) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a format; use "
                    + String.join(", ", new FormatNames()));
        }
    }
}
