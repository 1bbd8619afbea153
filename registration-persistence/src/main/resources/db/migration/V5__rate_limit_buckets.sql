-- Rate-limit buckets shared by every portal instance on this database (issue 15): bucket4j's
-- PostgreSQL store, one row per limiter, limits and client key, holding the bucket's serialised
-- state. Rows whose bucket would be full again are deleted now and then (expires_at, epoch
-- milliseconds). SQLite has the table too, for one schema history, but never uses it: one
-- instance per SQLite file keeps its limits in memory.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(255) NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

CREATE INDEX rate_limit_bucket_by_expiry ON rate_limit_bucket (expires_at);
