package io.statelessmcp.domain.testing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Query results as text, so that tests compare rows with plain lists of strings. */
public final class SqlRows {

  private SqlRows() {}

  /** Every remaining row of {@code result}, each value as {@link ResultSet#getString}. */
  public static List<List<String>> asText(ResultSet result) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    int columns = result.getMetaData().getColumnCount();
    while (result.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= columns; i++) {
        row.add(result.getString(i));
      }
      rows.add(row);
    }
    return rows;
  }
}
