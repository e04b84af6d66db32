-- A hand-written schema with what imports meet in practice.
\set ON_ERROR_STOP on
SET search_path = public;

CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');
CREATE TYPE customer_kind AS ENUM ('person', 'company');
COMMENT ON TYPE customer_kind IS 'Who the customer is.';

CREATE DOMAIN positive_money AS numeric(12,2) NOT NULL CHECK (VALUE > 0);

CREATE SCHEMA billing;

CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE,
    kind customer_kind NOT NULL DEFAULT 'person',
    referred_by bigint REFERENCES customers (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE customers IS 'People and companies who buy.';
COMMENT ON COLUMN customers.email IS 'Where receipts go.';

CREATE TABLE "Products" (
    product_id serial PRIMARY KEY,
    sku text NOT NULL,
    title text NOT NULL,
    price positive_money,
    tags text[],
    CONSTRAINT products_sku_key UNIQUE (sku)
);

CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    customer_id bigint NOT NULL,
    status order_status NOT NULL DEFAULT 'pending',
    total_cents integer NOT NULL,
    shipped_at timestamptz,
    CHECK (total_cents >= 0),
    CHECK (status <> 'shipped' OR shipped_at IS NOT NULL)
);

CREATE TABLE order_items (
    order_id uuid NOT NULL REFERENCES orders ON DELETE CASCADE,
    product_id integer NOT NULL REFERENCES "Products" (product_id) ON DELETE CASCADE,
    quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);

CREATE TABLE billing.invoices (
    invoice_no integer NOT NULL,
    year integer NOT NULL,
    order_id uuid NOT NULL,
    amount numeric(12,2),
    PRIMARY KEY (invoice_no, year)
);

CREATE TABLE billing.invoice_lines (
    invoice_no integer NOT NULL,
    invoice_year integer NOT NULL,
    line integer NOT NULL,
    text text,
    PRIMARY KEY (invoice_no, invoice_year, line),
    FOREIGN KEY (invoice_no, invoice_year) REFERENCES billing.invoices (invoice_no, year)
);

CREATE TABLE billing.customers (
    customer_id bigint PRIMARY KEY REFERENCES public.customers (id),
    vat_number text
);

CREATE SEQUENCE audit_log_id_seq;
CREATE TABLE audit_log (
    id integer NOT NULL DEFAULT nextval('audit_log_id_seq'::regclass),
    message text
);
ALTER SEQUENCE audit_log_id_seq OWNED BY audit_log.id;

-- pg_dump style: constraints after the tables.
ALTER TABLE ONLY orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(id);
ALTER TABLE ONLY billing.invoices ADD CONSTRAINT invoices_order_id_key UNIQUE (order_id);
ALTER TABLE ONLY billing.invoices ADD CONSTRAINT invoices_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders(id);
ALTER TABLE orders ADD COLUMN note text;

CREATE INDEX orders_open_idx ON orders (customer_id, status) WHERE status <> 'cancelled';
CREATE INDEX customers_email_lower_idx ON customers (lower(email));
CREATE INDEX products_tags_idx ON "Products" USING gin (tags);
CREATE UNIQUE INDEX products_title_idx ON "Products" (title DESC);

CREATE VIEW open_orders AS SELECT * FROM orders WHERE status <> 'cancelled';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
CREATE TRIGGER customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch();
GRANT SELECT ON orders TO PUBLIC;

COPY customers (id, email) FROM stdin;
1	a@example.com
2	b@example.com
\.
