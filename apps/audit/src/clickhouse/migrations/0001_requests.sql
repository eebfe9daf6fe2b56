-- One row per proxied request (event gatehouse.usage.request-completed.v1).
-- Portable between ClickHouse 18.16 and current releases (docs/adr/0005-clickhouse-sql-subset.md):
-- no LowCardinality, no DateTime64, no TTL. Retention drops monthly partitions.
-- ReplacingMergeTree keyed on request_id collapses a redelivered event after merges; exact
-- figures before a merge come from `SELECT … FROM requests FINAL`.
CREATE TABLE IF NOT EXISTS requests
(
    request_id String,
    started_at DateTime('UTC'),
    completed_at DateTime('UTC'),
    principal_type String,
    user_id String,
    team_id String,
    org_id String,
    roles Array(String),
    email String,
    model_requested String,
    model_served String,
    provider String,
    upstream_id String,
    upstream_request_id String,
    stream UInt8,
    input_tokens UInt64,
    output_tokens UInt64,
    cache_read_input_tokens UInt64,
    cache_creation_5m_input_tokens UInt64,
    cache_creation_1h_input_tokens UInt64,
    web_search_requests UInt32,
    web_fetch_requests UInt32,
    cost_micro_usd UInt64,
    pricing_version String,
    latency_ms UInt32,
    ttft_ms Nullable(UInt32),
    http_status UInt16,
    error_type String,
    stop_reason String,
    client_aborted UInt8,
    claude_code_session_id String,
    user_agent String,
    client_ip String,
    ingested_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(started_at)
ORDER BY (org_id, user_id, started_at, request_id);
