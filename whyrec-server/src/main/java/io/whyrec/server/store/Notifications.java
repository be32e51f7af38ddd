package io.whyrec.server.store;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Waits for the store's change announcements: on PostgreSQL a connection of its own runs
 * {@code LISTEN whyrec_changes} ({@link Store#CHANNEL}; every event batch and change-log row is announced in its
 * transaction, so the notification arrives when it commits) and {@link #await} returns as soon as one arrives, or
 * after the timeout. The caller reads the feed either way, so the timeout is the polling fallback: a lost
 * connection is closed, the wait becomes a sleep, and the next wait opens a new connection. On SQLite, which one
 * process writes, {@link #await} only sleeps. Used by one thread.
 */
public final class Notifications implements AutoCloseable {

    private final Database db;
    private Connection connection;
    private String lastProblem;

    /** Announcements of a database (nothing is opened until the first wait). */
    public Notifications(Database db) {
        this.db = db;
    }

    /**
     * Waits until a change is announced or the timeout passes.
     *
     * @param millis the longest wait, at least 1
     * @return true when a notification arrived, false on the timeout (or when none can arrive: SQLite, or the
     *         listening connection failed, which {@link #problem} then names)
     * @throws InterruptedException when the thread is interrupted during a sleep
     */
    public boolean await(long millis) throws InterruptedException {
        if (db.sqlite()) {
            Thread.sleep(millis);
            return false;
        }
        try {
            if (connection == null) {
                connection = db.openConnection();
                try (Statement st = connection.createStatement()) {
                    st.execute("LISTEN " + Store.CHANNEL);
                }
                lastProblem = null;
            }
            PGNotification[] got = connection.unwrap(PGConnection.class)
                    .getNotifications((int) Math.max(1, Math.min(Integer.MAX_VALUE, millis)));
            return got != null && got.length > 0;
        } catch (SQLException e) {
            lastProblem = e.getMessage();
            close();
            Thread.sleep(millis);
            return false;
        }
    }

    /** Why the last wait could not listen (null when it could). */
    public String problem() {
        return lastProblem;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the connection is being dropped; nothing to keep from it
            }
            connection = null;
        }
    }
}
