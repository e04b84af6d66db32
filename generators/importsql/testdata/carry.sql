-- What the design cannot say, carried as SQL blocks after its table
-- (issue 15): interval fields, storage options, NO INHERIT, MATCH FULL,
-- REPLICA IDENTITY, CREATE STATISTICS, CLUSTER ON, a partition's own key.
CREATE TABLE public.parent (
    id integer NOT NULL,
    code character(3) NOT NULL,
    span interval day to second,
    wait interval(3),
    amounts numeric(10,2)[],
    CONSTRAINT parent_pkey PRIMARY KEY (id),
    CONSTRAINT parent_code_key UNIQUE (code),
    CONSTRAINT parent_id_code_key UNIQUE (id, code)
) WITH (fillfactor='70');

CREATE TABLE public.child (
    id integer PRIMARY KEY,
    parent_id integer,
    parent_code character(3),
    other_code character(3) REFERENCES public.parent(code) MATCH FULL DEFERRABLE INITIALLY DEFERRED,
    note text CHECK (char_length(note) < 100) NO INHERIT,
    CONSTRAINT child_parent_fk FOREIGN KEY (parent_id, parent_code) REFERENCES public.parent(id, code) MATCH FULL ON DELETE CASCADE,
    CONSTRAINT child_note_check2 CHECK (note <> '') NO INHERIT
);

CREATE TABLE public.child2 (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES public.parent(id)
);

CREATE INDEX child_note_idx ON public.child USING btree (note) WITH (fillfactor='50');
CREATE INDEX child2_parent_idx ON public.child2 (parent_id);
ALTER TABLE public.child2 REPLICA IDENTITY FULL;
ALTER TABLE public.child2 CLUSTER ON child2_parent_idx;
ALTER TABLE public.child2 SET (autovacuum_enabled = false);
ALTER TABLE public.child2 ALTER COLUMN parent_id SET STATISTICS 500;
ALTER TABLE ONLY public.child ALTER COLUMN note SET STORAGE EXTERNAL;
CREATE STATISTICS public.child_stats (dependencies) ON parent_id, parent_code FROM public.child;
CREATE TABLE public.logs (id bigint NOT NULL, msg text) PARTITION BY RANGE (id);
CREATE TABLE public.logs_1 PARTITION OF public.logs FOR VALUES FROM (0) TO (1000);
ALTER TABLE public.logs_1 ADD CONSTRAINT logs_1_parent FOREIGN KEY (id) REFERENCES public.parent(id);
ALTER TABLE public.parent CLUSTER ON parent_pkey;
-- A domain's interval fields are dropped, with import-changed; a table that
-- inherits an interval column gets its own block.
CREATE DOMAIN public.dur AS interval hour to minute;
CREATE TABLE public.parent_archive (archived_at timestamp with time zone) INHERITS (public.parent);
