package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.adapter.out.supabase.SessionRow.Column;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * The columns a statement binds, in bind order: the n-th column is {@code $n}. A statement's SQL
 * takes its column names and placeholders from here and {@link #bind} binds the row's values in the
 * same order, so the two cannot drift apart.
 */
record SessionBinds(List<Column> columns) {

  SessionBinds {
    columns = List.copyOf(columns);
    if (columns.stream().distinct().count() != columns.size()) {
      throw new IllegalArgumentException("a column is bound twice: " + columns);
    }
  }

  static SessionBinds of(Column... columns) {
    return new SessionBinds(List.of(columns));
  }

  /** {@code session_id, user_id, ...} */
  String names() {
    return join(columns, column -> column.sqlName, ", ");
  }

  /** {@code $1, $2, ...}, one per column. */
  String placeholders() {
    return join(columns, this::placeholder, ", ");
  }

  /** The placeholder bound to {@code column}. */
  String placeholder(Column column) {
    int index = columns.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException(column + " is not bound in " + columns);
    }
    return "$" + (index + 1);
  }

  /** {@code a = $1, b = $2} for an UPDATE's SET. */
  String assignments(Column... assigned) {
    return join(List.of(assigned), column -> column.sqlName + " = " + placeholder(column), ", ");
  }

  /** {@code a = $1 AND b = $2} for a WHERE. */
  String matches(Column... matched) {
    return join(List.of(matched), column -> column.sqlName + " = " + placeholder(column), " AND ");
  }

  GenericExecuteSpec bind(GenericExecuteSpec spec, SessionRow row) {
    GenericExecuteSpec bound = spec;
    for (int index = 0; index < columns.size(); index++) {
      Column column = columns.get(index);
      Object value = column.valueIn(row);
      bound = value == null ? bound.bindNull(index, column.type) : bound.bind(index, value);
    }
    return bound;
  }

  private static String join(
      List<Column> columns, Function<Column, String> text, String separator) {
    return columns.stream().map(text).collect(Collectors.joining(separator));
  }
}
