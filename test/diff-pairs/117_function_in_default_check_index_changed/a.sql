-- pair: the immutable function public.normalize_code(text) changes its return type text -> varchar(16) while a column default, a check constraint and an expression index use it; all three must be dropped and recreated around the function (the function body changes too)

CREATE FUNCTION public.normalize_code(c text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT upper(trim(c)) $$;

CREATE TABLE public.voucher (
    id integer PRIMARY KEY,
    code text NOT NULL DEFAULT public.normalize_code('new'),
    CONSTRAINT voucher_code_check CHECK (public.normalize_code(code) <> '')
);

CREATE UNIQUE INDEX voucher_code_norm_key ON public.voucher (public.normalize_code(code));

INSERT INTO public.voucher VALUES (1, 'abc'), (2, 'def');
