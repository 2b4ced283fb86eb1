CREATE TABLE public.payments (
    id      integer PRIMARY KEY,
    amount  bigint NOT NULL,
    note    text
);
CREATE TABLE public.payments_log (
    id      integer,
    amount  bigint
);
CREATE TABLE public.refunds (
    id      integer PRIMARY KEY,
    amount  bigint
);

CREATE RULE payments_log_insert AS ON INSERT TO public.payments
    DO ALSO INSERT INTO public.payments_log (id, amount) VALUES (new.id, new.amount);
CREATE RULE refunds_as_payments AS ON INSERT TO public.refunds
    DO ALSO INSERT INTO public.payments (id, amount) VALUES (new.id + 1000000, - new.amount);
CREATE RULE payments_big AS ON UPDATE TO public.payments WHERE new.amount > 100000 DO ALSO INSERT INTO public.payments_log (id, amount) VALUES (new.id, new.amount);
