CREATE TABLE public.account (
    id integer PRIMARY KEY,
    owner text NOT NULL
);

CREATE TABLE public.transfer (
    id integer PRIMARY KEY,
    account_id integer NOT NULL,
    amount numeric(12,2) NOT NULL,
    currency char(3) NOT NULL
);

INSERT INTO public.account VALUES (1, 'Ada');
INSERT INTO public.transfer VALUES (1, 1, 10.00, 'EUR'), (2, 1, 5.00, 'USD');

ALTER TABLE public.transfer ADD CONSTRAINT transfer_amount_check CHECK (amount > 0) NOT VALID;
ALTER TABLE public.transfer ADD CONSTRAINT transfer_currency_check CHECK (currency IN ('EUR', 'USD')) NOT VALID;
ALTER TABLE public.transfer ADD CONSTRAINT transfer_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.account (id) NOT VALID;
