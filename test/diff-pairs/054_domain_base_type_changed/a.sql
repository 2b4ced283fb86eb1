-- pair: domain base types change while columns use them: public.short_name varchar(20) -> varchar(60) (with its check kept), public.amount numeric(10,2) -> numeric(14,2); the domains must be recreated (or a new domain swapped in) and the columns retyped

CREATE DOMAIN public.short_name AS varchar(20) CONSTRAINT short_name_not_blank CHECK (VALUE <> '');
CREATE DOMAIN public.amount AS numeric(10,2) DEFAULT 0;

CREATE TABLE public.merchant (
    id integer PRIMARY KEY,
    name public.short_name NOT NULL,
    balance public.amount
);

CREATE VIEW public.merchant_balance AS SELECT id, name, balance FROM public.merchant;

INSERT INTO public.merchant VALUES (1, 'Corner Shop', 10.50), (2, 'Bakery', 0);
