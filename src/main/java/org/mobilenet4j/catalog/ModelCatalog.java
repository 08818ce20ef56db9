package org.mobilenet4j.catalog;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models and label files that can be named instead of given as paths (models/catalog.json). */
public final class ModelCatalog {
    private final Map<String, CatalogEntry> entries;

    private ModelCatalog(Map<String, CatalogEntry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static ModelCatalog load() {
        String path = "/org/mobilenet4j/models/catalog.json";
        try (InputStream in = ModelCatalog.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("catalog resource missing: " + path);
            }
            JsonObject root = new Gson().fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), JsonObject.class);
            CatalogEntry[] list = new Gson().fromJson(root.get("entries"), CatalogEntry[].class);
            Map<String, CatalogEntry> map = new LinkedHashMap<>();
            for (CatalogEntry e : list) {
                if (e.name() == null || e.url() == null || e.sha256() == null || e.sha256().length() != 64
                        || e.size() <= 0) {
                    throw new IllegalStateException("catalog entry needs name, url, a sha256 and a size: " + e);
                }
                map.put(e.name(), e);
            }
            for (CatalogEntry e : list) {
                for (String ref : Arrays.asList(e.labels(), e.head())) {
                    if (ref != null && !map.containsKey(ref)) {
                        throw new IllegalStateException("catalog entry " + e.name() + " refers to unknown '" + ref + "'");
                    }
                }
            }
            return new ModelCatalog(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<CatalogEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public List<CatalogEntry> entries() {
        return List.copyOf(entries.values());
    }
}
