-- The audit trail: append-only, one hash chain ordered by seq (ADR 0030).
CREATE TABLE audit_record (
    seq            BIGINT      PRIMARY KEY,
    event_id       TEXT        NOT NULL,
    type           TEXT        NOT NULL,
    source         TEXT        NOT NULL,
    subject        TEXT,
    event_time     TIMESTAMPTZ NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL,
    service        TEXT,
    action         TEXT        NOT NULL,
    outcome        TEXT        NOT NULL,
    participant_id TEXT,
    client_id      TEXT,
    resource_type  TEXT,
    interaction    TEXT,
    purpose_of_use TEXT,
    patient_ids    TEXT[]      NOT NULL,
    result_count   INTEGER,
    data           TEXT        NOT NULL,
    prev_hash      CHAR(64)    NOT NULL,
    hash           CHAR(64)    NOT NULL,
    CONSTRAINT audit_record_event_id_key UNIQUE (event_id)
);

-- Rows arrive in (nearly) time order: block-range indexes are tiny and cheap to keep up to date.
CREATE INDEX audit_record_event_time_idx ON audit_record USING BRIN (event_time);
CREATE INDEX audit_record_recorded_at_idx ON audit_record USING BRIN (recorded_at);
CREATE INDEX audit_record_participant_idx ON audit_record (participant_id, seq);
CREATE INDEX audit_record_client_idx ON audit_record (client_id, seq);
CREATE INDEX audit_record_patients_idx ON audit_record USING GIN (patient_ids);

-- Rows are never changed or removed by the service; the hash chain detects whoever does.
CREATE FUNCTION audit_record_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_record is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_record_append_only
    BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();

-- Anomalies double as their own outbox: published_at stays null until the broker confirmed.
CREATE TABLE anomaly (
    id             UUID             PRIMARY KEY,
    participant_id TEXT,
    client_id      TEXT,
    resource_type  TEXT,
    metric         TEXT             NOT NULL,
    baseline       DOUBLE PRECISION NOT NULL,
    observed       DOUBLE PRECISION NOT NULL,
    score          DOUBLE PRECISION NOT NULL,
    window_start   TIMESTAMPTZ      NOT NULL,
    window_end     TIMESTAMPTZ      NOT NULL,
    explanation    TEXT             NOT NULL,
    raised_at      TIMESTAMPTZ      NOT NULL,
    published_at   TIMESTAMPTZ
);

CREATE INDEX anomaly_raised_at_idx ON anomaly (raised_at);
CREATE INDEX anomaly_unpublished_idx ON anomaly (raised_at) WHERE published_at IS NULL;
