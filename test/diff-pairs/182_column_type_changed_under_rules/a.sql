-- pair: a column changes type while rules use it: one on its table, one on another table writing into it, one changed at the same time (PostgreSQL refuses the type change while a rule uses the column)

CREATE TABLE public.payments (
    id      integer PRIMARY KEY,
    amount  integer NOT NULL,
    note    text
);
CREATE TABLE public.payments_log (
    id      integer,
    amount  integer
);
CREATE TABLE public.refunds (
    id      integer PRIMARY KEY,
    amount  integer
);

CREATE RULE payments_log_insert AS ON INSERT TO public.payments
    DO ALSO INSERT INTO public.payments_log (id, amount) VALUES (new.id, new.amount);
CREATE RULE refunds_as_payments AS ON INSERT TO public.refunds
    DO ALSO INSERT INTO public.payments (id, amount) VALUES (new.id + 1000000, - new.amount);
CREATE RULE payments_big AS ON UPDATE TO public.payments WHERE new.amount > 1000 DO ALSO INSERT INTO public.payments_log (id, amount) VALUES (new.id, new.amount);
ALTER TABLE public.payments DISABLE RULE payments_big;
