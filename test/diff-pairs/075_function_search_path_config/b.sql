CREATE SCHEMA app;

CREATE TABLE public.app_user (
    id integer PRIMARY KEY,
    login text NOT NULL
);

CREATE FUNCTION public.find_user(l text) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$ SELECT id FROM public.app_user WHERE login = l $$;

CREATE FUNCTION public.report() RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path = app, public
    SET work_mem = '64MB'
    AS $$ SELECT count(*) FROM public.app_user $$;

CREATE FUNCTION public.legacy() RETURNS integer
    LANGUAGE sql
    AS $$ SELECT 1 $$;
