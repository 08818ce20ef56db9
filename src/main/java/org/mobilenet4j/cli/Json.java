package org.mobilenet4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The JSON writer of every command: pretty, without HTML escaping, nulls written ('=' and '&' stay as they are). */
final class Json {
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    private Json() {
    }
}
