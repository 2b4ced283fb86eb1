CREATE FUNCTION public.normalize_code(c text) RETURNS varchar(16)
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT left(upper(trim(c)), 16) $$;

CREATE TABLE public.voucher (
    id integer PRIMARY KEY,
    code text NOT NULL DEFAULT public.normalize_code('new'),
    CONSTRAINT voucher_code_check CHECK (public.normalize_code(code) <> '')
);

CREATE UNIQUE INDEX voucher_code_norm_key ON public.voucher (public.normalize_code(code));

INSERT INTO public.voucher VALUES (1, 'abc'), (2, 'def');
