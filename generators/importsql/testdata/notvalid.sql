-- A key added NOT VALID, as pg_dump writes one that was never validated:
-- the rows already there are not checked, new rows are.
CREATE TABLE authors (
    id bigint PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE books (
    id bigint PRIMARY KEY,
    author_id bigint NOT NULL,
    editor_id bigint
);

INSERT INTO books VALUES (1, 42, NULL);

ALTER TABLE ONLY books
    ADD CONSTRAINT fk_books_author FOREIGN KEY (author_id) REFERENCES authors(id) NOT VALID;
ALTER TABLE ONLY books
    ADD CONSTRAINT fk_books_editor FOREIGN KEY (editor_id) REFERENCES authors(id) ON DELETE SET NULL NOT VALID;
