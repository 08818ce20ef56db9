package org.mobilenet4j.catalog;

/**
 * One downloadable file of the catalog (models/catalog.json).
 *
 * @param member file inside a .tgz archive, or null when {@code url} is the file itself
 * @param size   bytes of the file used (the member of an archive, or the file itself): the download limit
 * @param labels name of the labels entry for this model, or null (embedded or none)
 * @param head   name of a classifier head chained after this model, or null
 */
public record CatalogEntry(String name, String description, String url, String member, String sha256, long size,
                           String input, String labels, String head) {

    /** The file name in the cache: the entry name plus the extension of what it holds. */
    public String cacheFileName() {
        String source = member != null ? member : url;
        int dot = source.lastIndexOf('.');
        return name + (dot >= 0 ? source.substring(dot) : "");
    }
}
