CREATE TABLE public.customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE SCHEMA reporting;

CREATE TYPE reporting.period AS ENUM ('day', 'week', 'month');

CREATE SEQUENCE reporting.report_id_seq;

CREATE TABLE reporting.report (
    id bigint PRIMARY KEY DEFAULT nextval('reporting.report_id_seq'),
    customer_id integer NOT NULL REFERENCES public.customer (id),
    period reporting.period NOT NULL DEFAULT 'month',
    generated_at timestamptz NOT NULL DEFAULT now()
);

ALTER SEQUENCE reporting.report_id_seq OWNED BY reporting.report.id;

CREATE FUNCTION reporting.report_count(c integer) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT count(*) FROM reporting.report WHERE customer_id = c $$;

CREATE VIEW reporting.latest_report AS
    SELECT DISTINCT ON (customer_id) customer_id, id, generated_at
    FROM reporting.report
    ORDER BY customer_id, generated_at DESC;

INSERT INTO public.customer VALUES (1, 'Acme');
INSERT INTO reporting.report (customer_id) VALUES (1);
