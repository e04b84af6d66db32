-- A view that has the name of the table it reads, in another schema (the way
-- an API schema exposes private tables): the view needs the table first.
CREATE SCHEMA private;
CREATE SCHEMA api;

CREATE TABLE private.notes (
    id integer PRIMARY KEY,
    body text NOT NULL,
    hidden boolean DEFAULT false NOT NULL
);

CREATE VIEW api.notes AS
 SELECT notes.id,
    notes.body
   FROM private.notes
  WHERE NOT notes.hidden;

-- A function with the name of a table, and a trigger on that table calling
-- it: the trigger needs the table as well as the function.
CREATE TABLE public.audit (
    id integer,
    note text
);

CREATE FUNCTION public.audit() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RETURN NEW; END $$;

CREATE TRIGGER audit_touch BEFORE INSERT ON public.audit FOR EACH ROW EXECUTE FUNCTION public.audit();
