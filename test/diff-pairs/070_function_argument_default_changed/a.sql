-- pair: argument defaults change: public.paginate(integer, integer) default for page_size 20 -> 50; public.search(text, boolean) gains a default for its second argument (false); public.log_line(text, text) loses the default on its second argument

CREATE FUNCTION public.paginate(page integer, page_size integer DEFAULT 20) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT (page - 1) * page_size $$;

CREATE FUNCTION public.search(q text, exact boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN exact THEN q ELSE '%' || q || '%' END $$;

CREATE FUNCTION public.log_line(msg text, level text DEFAULT 'info') RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT '[' || level || '] ' || msg $$;
