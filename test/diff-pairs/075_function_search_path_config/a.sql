-- pair: function configuration (SET clauses) changes: public.find_user(text) gets SET search_path = pg_catalog, public; public.report() changes SET search_path from public to app, public and gains SET work_mem = '64MB'; public.legacy() loses its SET statement_timeout

CREATE SCHEMA app;

CREATE TABLE public.app_user (
    id integer PRIMARY KEY,
    login text NOT NULL
);

CREATE FUNCTION public.find_user(l text) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    AS $$ SELECT id FROM public.app_user WHERE login = l $$;

CREATE FUNCTION public.report() RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path = public
    AS $$ SELECT count(*) FROM public.app_user $$;

CREATE FUNCTION public.legacy() RETURNS integer
    LANGUAGE sql
    SET statement_timeout = '5s'
    AS $$ SELECT 1 $$;
