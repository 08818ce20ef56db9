package org.mobilenet4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a command line names that its command does not know. picocli reports missing required options
 * before unknown ones, so a typo ({@code --modle m.tflite}) read "missing --model"; the typo is the cause.
 */
final class UnknownOptions {
    private UnknownOptions() {
    }

    /**
     * {@code ex}'s message, preceded by the unknown options among {@code args} when {@code ex} is about a missing
     * option or parameter; otherwise the message as picocli gave it.
     */
    static String explain(CommandLine.ParameterException ex, String[] args) {
        // picocli starts some messages (missing arguments of a group) with its own "Error: "
        String message = ex.getMessage().replaceFirst("^Error: ", "");
        if (!(ex instanceof CommandLine.MissingParameterException)) {
            return message;
        }
        List<String> unknown = find(ex.getCommandLine().getCommandSpec(), args);
        if (unknown.isEmpty()) {
            return message;
        }
        return "Unknown option" + (unknown.size() > 1 ? "s" : "") + ": '" + String.join("', '", unknown) + "' ("
                + Character.toLowerCase(message.charAt(0)) + message.substring(1) + ")";
    }

    /** The tokens after {@code spec}'s command name that look like options and are none of its own or its parents'. */
    static List<String> find(CommandSpec spec, String[] args) {
        List<String> unknown = new ArrayList<>();
        boolean inCommand = spec.parent() == null;
        for (String arg : args) {
            if (!inCommand) {
                inCommand = arg.equals(spec.name()) || Arrays.asList(spec.aliases()).contains(arg);
                continue;
            }
            if (arg.equals("--")) {
                break;
            }
            if (arg.length() > 1 && arg.startsWith("-") && !isNumber(arg) && !known(spec, arg)) {
                unknown.add(arg);
            }
        }
        return unknown;
    }

    private static boolean known(CommandSpec spec, String arg) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            Map<String, OptionSpec> options = s.optionsMap();
            if (options.containsKey(name) || !arg.startsWith("--") && options.containsKey(arg.substring(0, 2))) {
                return true; // a short option, possibly with its value or others clustered after it
            }
        }
        return false;
    }

    private static boolean isNumber(String arg) {
        try {
            Double.parseDouble(arg);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
