-- The authority's signing keys, shared by every replica. A retired key stays published in the
-- JWKS until publish_until, after the last token it signed has expired.
CREATE TABLE signing_key (
    kid           VARCHAR(64)  PRIMARY KEY,
    algorithm     VARCHAR(10)  NOT NULL,
    private_jwk   TEXT         NOT NULL,
    public_jwk    TEXT         NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    retired_at    TIMESTAMPTZ,
    publish_until TIMESTAMPTZ
);

CREATE INDEX signing_key_current ON signing_key (created_at) WHERE retired_at IS NULL;
