-- The tables postgres-es 0.5 reads and writes, for customer-care-stores' cqrs-es
-- adapter: one table of events for every aggregate type, and one of snapshots (used
-- only by a snapshot store). The payload and metadata columns are jsonb, as esrs's
-- are; the primary key is what refuses a second writer of the same sequence number.
-- `customer_care_stores::cqrs::create_tables` runs this script; it changes nothing
-- where the tables exist.
CREATE TABLE IF NOT EXISTS events
(
    aggregate_type text                         NOT NULL,
    aggregate_id   text                         NOT NULL,
    sequence       bigint CHECK (sequence >= 0) NOT NULL,
    event_type     text                         NOT NULL,
    event_version  text                         NOT NULL,
    payload        jsonb                        NOT NULL,
    metadata       jsonb                        NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id, sequence)
);

CREATE TABLE IF NOT EXISTS snapshots
(
    aggregate_type   text                                 NOT NULL,
    aggregate_id     text                                 NOT NULL,
    last_sequence    bigint CHECK (last_sequence >= 0)    NOT NULL,
    current_snapshot bigint CHECK (current_snapshot >= 0) NOT NULL,
    payload          jsonb                                NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id, last_sequence)
);
