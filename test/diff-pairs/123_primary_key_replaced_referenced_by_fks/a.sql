-- pair: the primary key of public.account goes from (id) to (region, id) while other tables' foreign keys reference the old key (one keeps referencing (id) through a new unique constraint, one moves to the new key), a self-referencing foreign key and a partitioned table's foreign key use it, and a view groups by the key alone (its other columns are functionally dependent, so the view depends on the key); the foreign keys and the view go before the key and come back after it

CREATE TABLE public.account (
    id integer NOT NULL,
    region text NOT NULL DEFAULT 'eu',
    name text,
    parent_id integer CONSTRAINT account_parent_fk REFERENCES public.account (id),
    CONSTRAINT account_pkey PRIMARY KEY (id)
);

CREATE TABLE public.invoice (
    id integer PRIMARY KEY,
    region text NOT NULL DEFAULT 'eu',
    account_id integer NOT NULL CONSTRAINT invoice_account_fk REFERENCES public.account (id)
);

CREATE TABLE public.note (
    id integer PRIMARY KEY,
    account_id integer CONSTRAINT note_account_fk REFERENCES public.account (id) ON DELETE CASCADE
);

CREATE TABLE public.event (
    account_id integer NOT NULL CONSTRAINT event_account_fk REFERENCES public.account (id),
    at date NOT NULL
) PARTITION BY RANGE (at);

CREATE TABLE public.event_2024 PARTITION OF public.event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE VIEW public.account_invoices AS
    SELECT a.id, a.name, count(i.id) AS invoices
    FROM public.account a LEFT JOIN public.invoice i ON i.account_id = a.id
    GROUP BY a.id;

INSERT INTO public.account VALUES (1, 'eu', 'a', NULL), (2, 'us', 'b', 1);
INSERT INTO public.invoice VALUES (10, 'eu', 1), (11, 'us', 2);
INSERT INTO public.note VALUES (20, 1);
INSERT INTO public.event VALUES (1, '2024-05-01');
