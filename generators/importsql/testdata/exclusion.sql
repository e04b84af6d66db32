-- Exclusion constraints: no two bookings of a room overlap, declared in
-- CREATE TABLE and, as pg_dump writes them, in an ALTER TABLE of their own.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE public.bookings (
    id integer PRIMARY KEY,
    room text NOT NULL,
    during tstzrange NOT NULL,
    EXCLUDE USING gist (room WITH =, during WITH &&)
);

CREATE TABLE public.shifts (
    id integer PRIMARY KEY,
    worker_id integer NOT NULL,
    hours int4range NOT NULL
);

ALTER TABLE ONLY public.shifts
    ADD CONSTRAINT shifts_no_overlap EXCLUDE USING gist (worker_id WITH =, hours WITH &&) WHERE ((worker_id > 0));
