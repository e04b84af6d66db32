-- A covering index (INCLUDE, the index entry's include) and a unique index
-- whose NULLs clash (NULLS NOT DISTINCT, which an index entry cannot say: a block).
CREATE TABLE public.events (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL,
    happened_at timestamptz NOT NULL,
    kind text,
    payload jsonb
);

CREATE INDEX events_account_time ON public.events USING btree (account_id, happened_at DESC) INCLUDE (kind);
CREATE UNIQUE INDEX events_one_kind ON public.events USING btree (account_id, kind) NULLS NOT DISTINCT;
