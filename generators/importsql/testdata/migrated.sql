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
