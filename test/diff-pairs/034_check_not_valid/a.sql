-- pair: NOT VALID constraints: public.transfer gets a new check added NOT VALID (amount > 0); public.transfer's currency check goes from validated to NOT VALID; public.transfer's FK to public.account is added NOT VALID

CREATE TABLE public.account (
    id integer PRIMARY KEY,
    owner text NOT NULL
);

CREATE TABLE public.transfer (
    id integer PRIMARY KEY,
    account_id integer NOT NULL,
    amount numeric(12,2) NOT NULL,
    currency char(3) NOT NULL,
    CONSTRAINT transfer_currency_check CHECK (currency IN ('EUR', 'USD'))
);

INSERT INTO public.account VALUES (1, 'Ada');
INSERT INTO public.transfer VALUES (1, 1, 10.00, 'EUR'), (2, 1, 5.00, 'USD');
