package org.qhinguard.audit.store;

import java.sql.SQLException;

/** The database refused or could not take a read or write of the trail. */
public class TrailStoreException extends RuntimeException {
  private final String sqlState;

  public TrailStoreException(String message, SQLException cause) {
    super(message + ": " + rootOf(cause).getMessage(), cause);
    this.sqlState = rootOf(cause).getSQLState();
  }

  /** A failed batch reports the statement; the server's reason is the next exception. */
  private static SQLException rootOf(SQLException e) {
    return e.getNextException() == null ? e : e.getNextException();
  }

  /**
   * Whether the data itself was refused (SQLSTATE class 22 data exception or 23 integrity
   * violation), as opposed to the database being unreachable or busy, which is worth retrying.
   */
  public boolean refusedTheData() {
    return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23"));
  }
}
