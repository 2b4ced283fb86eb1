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

CREATE TRIGGER account_touch BEFORE UPDATE ON public.account
    FOR EACH ROW EXECUTE FUNCTION public.touch();

CREATE TRIGGER account_count_new AFTER INSERT ON public.account
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.count_new_accounts();

CREATE CONSTRAINT TRIGGER ledger_check AFTER INSERT OR UPDATE ON public.ledger
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.check_ledger();

INSERT INTO public.account (id) VALUES (1);
