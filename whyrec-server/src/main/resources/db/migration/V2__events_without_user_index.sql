-- whyrec server schema, version 2: drop the secondary index events_by_user (user_id, ts, seq).
-- Measured on the ML-1M store (1.0M events, SQLite WAL, synchronous=FULL, this 2-core machine): inserting
-- batches of 500 events of random users ran at 18.7k events/s with the index and 55k events/s without it, since
-- every event dirtied one random leaf page of the index and each page is written to the WAL in full on commit.
-- Nothing on the request path reads events by user from the database: the server loads every event once at
-- start (and groups and sorts them per user in memory), so the index only served the rare per-user statements,
-- erasure (DELETE FROM events WHERE user_id = ?) and its check, which now scan the table (about 0.3 s per
-- million events).
DROP INDEX events_by_user;
