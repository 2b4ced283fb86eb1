-- pair: triggers are added on existing tables using existing functions: a BEFORE UPDATE row trigger on public.account, an AFTER INSERT statement trigger with a transition table (REFERENCING NEW TABLE) on public.account, and a constraint trigger (DEFERRABLE INITIALLY DEFERRED) on public.ledger

CREATE TABLE public.account (
    id integer PRIMARY KEY,
    balance numeric(12,2) NOT NULL DEFAULT 0,
    updated_at timestamptz
);

CREATE TABLE public.ledger (
    id integer PRIMARY KEY,
    account_id integer NOT NULL REFERENCES public.account (id),
    delta numeric(12,2) NOT NULL
);

CREATE TABLE public.account_audit (
    at timestamptz NOT NULL DEFAULT now(),
    n integer NOT NULL
);

CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

CREATE FUNCTION public.count_new_accounts() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO public.account_audit (n) SELECT count(*) FROM new_rows; RETURN NULL; END $$;

CREATE FUNCTION public.check_ledger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN IF NEW.delta = 0 THEN RAISE EXCEPTION 'zero delta'; END IF; RETURN NULL; END $$;

INSERT INTO public.account (id) VALUES (1);
