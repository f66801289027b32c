package com.creditledger.projection;

import org.springframework.jdbc.core.JdbcOperations;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows sent to PostgreSQL as one array per column, for a statement that takes them apart with
 * {@code unnest}: a whole batch of rows is one statement, one round trip and one execution,
 * however many rows it has. The statement's {@code ?} are the columns, in order; each is bound
 * as an array of its SQL type (null elements allowed).
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
            Connection connection = statement.getConnection();
            for (int i = 0; i < types.length; i++) {
                statement.setArray(i + 1, array(connection, i));
            }
            return statement.executeUpdate();
        });
        return updated == null ? 0 : updated;
    }

    private Array array(Connection connection, int column) throws SQLException {
        return connection.createArrayOf(types[column], columns.get(column).toArray());
    }
}
