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

-- A function whose signature uses a domain: the domain comes before the
-- function; a domain whose check calls a function of the file comes after it.
CREATE DOMAIN public.digit AS integer
    CONSTRAINT digit_check CHECK (((VALUE >= 0) AND (VALUE <= 9)));

CREATE FUNCTION public.last_digit(n integer) RETURNS public.digit
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT (abs(n) % 10)::public.digit $$;

CREATE FUNCTION public.is_even(n integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT n % 2 = 0 $$;

CREATE DOMAIN public.even_number AS integer
    CONSTRAINT even_number_check CHECK (public.is_even(VALUE));

CREATE TABLE public.readings (
    id integer PRIMARY KEY,
    checksum public.digit DEFAULT public.last_digit(0),
    pair_count public.even_number
);
