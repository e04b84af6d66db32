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
