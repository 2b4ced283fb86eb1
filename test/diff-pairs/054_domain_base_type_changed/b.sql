CREATE DOMAIN public.short_name AS varchar(60) CONSTRAINT short_name_not_blank CHECK (VALUE <> '');
CREATE DOMAIN public.amount AS numeric(14,2) DEFAULT 0;

CREATE TABLE public.merchant (
    id integer PRIMARY KEY,
    name public.short_name NOT NULL,
    balance public.amount
);

CREATE VIEW public.merchant_balance AS SELECT id, name, balance FROM public.merchant;

-- Names fit in 20 characters so that B -> A succeeds.
INSERT INTO public.merchant VALUES (1, 'Corner Shop', 10.50), (3, 'Butcher', 99.00);
