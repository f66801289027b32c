package com.creditledger.api.store;

/** PostgreSQL JDBC URLs, for tools that create a database of their own on a given server. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /** {@code jdbc:postgresql://host:port/db?options} with the database swapped, options kept. */
    public static String withDatabase(String url, String database) {
        int hostStart = url.indexOf("//") + 2;
        int pathStart = url.indexOf('/', hostStart);
        int query = url.indexOf('?', hostStart);
        String hostPart = url.substring(0, pathStart < 0 ? (query < 0 ? url.length() : query) : pathStart);
        return hostPart + "/" + database + (query < 0 ? "" : url.substring(query));
    }
}
