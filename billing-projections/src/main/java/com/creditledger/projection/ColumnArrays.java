package com.creditledger.projection;

import org.springframework.jdbc.core.JdbcOperations;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rows sent to PostgreSQL as one array per column, for a statement that takes them apart with
 * {@code unnest}: a whole batch of rows is one statement, one round trip and one execution,
 * however many rows it has. The statement's {@code ?} are the columns, in order. A
 * {@code bigint} or {@code boolean} column travels as a primitive array (in binary, no nulls);
 * any other as text, which {@link #unnest} casts ({@code ?::timestamptz[]}), null elements allowed.
 */
public final class ColumnArrays {

    private final String[] types;
    private final List<List<Object>> columns = new ArrayList<>();

    /** {@code types}: the SQL element type of each column ({@code varchar}, {@code bigint}, {@code timestamptz}...). */
    public ColumnArrays(String... types) {
        this.types = types;
        for (String ignored : types) {
            columns.add(new ArrayList<>());
        }
    }

    /** {@code unnest} of one array parameter per column, each cast to its type: the rows, as a statement reads them. */
    public static String unnest(String... types) {
        return Arrays.stream(types).map(type -> "?::" + type + "[]").collect(Collectors.joining(", ", "unnest(", ")"));
    }

    public void add(Object... row) {
        if (row.length != types.length) {
            throw new IllegalArgumentException("a row of " + row.length + " values for " + types.length + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            columns.get(i).add(row[i]);
        }
    }

    public boolean isEmpty() {
        return columns.get(0).isEmpty();
    }

    public int size() {
        return columns.get(0).size();
    }

    /** Runs {@code sql} with the columns bound; returns its update count. */
    public int update(JdbcOperations jdbc, String sql) {
        Integer updated = jdbc.execute(sql, (PreparedStatement statement) -> {
            for (int i = 0; i < types.length; i++) {
                statement.setObject(i + 1, array(i));
            }
            return statement.executeUpdate();
        });
        return updated == null ? 0 : updated;
    }

    /** The driver binds primitive and string arrays itself, without quoting and escaping every element as text. */
    private Object array(int column) {
        List<Object> values = columns.get(column);
        return switch (types[column]) {
            case "bigint" -> values.stream().mapToLong(value -> ((Number) value).longValue()).toArray();
            case "boolean" -> {
                boolean[] flags = new boolean[values.size()];
                for (int i = 0; i < flags.length; i++) {
                    flags[i] = (Boolean) values.get(i);
                }
                yield flags;
            }
            default -> values.stream().map(value -> value == null ? null : value.toString()).toArray(String[]::new);
        };
    }
}
