-- Columns and domains of types the file creates and the design keeps as SQL
-- blocks: composite types (one outside public), a range type, arrays of them.
CREATE SCHEMA geo;

CREATE TYPE geo.coordinate AS (
    lat double precision,
    lon double precision
);

CREATE TYPE public.money_amount AS (
    currency char(3),
    cents bigint
);

CREATE TYPE public.floatrange AS RANGE (
    subtype = double precision
);

CREATE DOMAIN public.positive_amount AS public.money_amount
    CONSTRAINT positive_amount_check CHECK (((VALUE).cents > 0));

CREATE TABLE public.places (
    id integer PRIMARY KEY,
    spot geo.coordinate NOT NULL,
    route geo.coordinate[],
    price public.positive_amount,
    altitudes public.floatrange
);
