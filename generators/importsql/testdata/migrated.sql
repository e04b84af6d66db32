-- A hand-written schema shaped by years of migrations, as pg_dump writes it:
-- a table renamed after its serial's sequence was created (the sequence keeps
-- the old name), and a text column referencing a varchar key.

CREATE TABLE public.allow_list (
    id integer NOT NULL,
    items text NOT NULL
);

CREATE SEQUENCE public.white_list_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.white_list_id_seq OWNED BY public.allow_list.id;

ALTER TABLE ONLY public.allow_list ALTER COLUMN id SET DEFAULT nextval('public.white_list_id_seq'::regclass);

ALTER TABLE ONLY public.allow_list
    ADD CONSTRAINT allow_list_pkey PRIMARY KEY (id);

CREATE TABLE public.scan_report (
    id serial PRIMARY KEY,
    uuid character varying(64) NOT NULL UNIQUE
);

CREATE TABLE public.report_line (
    id bigserial PRIMARY KEY,
    report_uuid text DEFAULT ''::text NOT NULL
);

CREATE INDEX report_line_report_uuid_idx ON public.report_line USING btree (report_uuid);

ALTER TABLE ONLY public.report_line
    ADD CONSTRAINT fk_report_uuid FOREIGN KEY (report_uuid) REFERENCES public.scan_report(uuid) ON DELETE CASCADE;

-- A partial index that carries non-key columns for index-only scans.
CREATE INDEX scan_report_recent ON public.scan_report USING btree (id DESC) INCLUDE (uuid) WHERE (id > 100);

-- A foreign key to a column that only a unique index makes unique (Rails'
-- add_index ..., unique: true, then add_foreign_key ..., primary_key:).
CREATE TABLE public.receipts (
    id bigint NOT NULL,
    report_code character varying NOT NULL
);

ALTER TABLE ONLY public.receipts
    ADD CONSTRAINT receipts_pkey PRIMARY KEY (id);

CREATE TABLE public.report_codes (
    id bigint NOT NULL,
    code character varying NOT NULL
);

ALTER TABLE ONLY public.report_codes
    ADD CONSTRAINT report_codes_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX index_report_codes_on_code ON public.report_codes USING btree (code);

CREATE INDEX index_receipts_on_report_code ON public.receipts USING btree (report_code);

ALTER TABLE ONLY public.receipts
    ADD CONSTRAINT fk_rails_5e6f7a8b9c FOREIGN KEY (report_code) REFERENCES public.report_codes(code) ON DELETE CASCADE;

-- One sequence that two tables draw their ids from (a log table and its
-- template share it), owned by the first.
CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    note text
);

CREATE TABLE public.audit_log_template (
    id bigint NOT NULL,
    note text
);

CREATE SEQUENCE public.audit_records_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.audit_records_id_seq OWNED BY public.audit_log.id;

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_records_id_seq'::regclass);

ALTER TABLE ONLY public.audit_log_template ALTER COLUMN id SET DEFAULT nextval('public.audit_records_id_seq'::regclass);

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.audit_log_template
    ADD CONSTRAINT audit_log_template_pkey PRIMARY KEY (id);
