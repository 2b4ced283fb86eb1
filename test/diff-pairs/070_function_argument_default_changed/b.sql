CREATE FUNCTION public.paginate(page integer, page_size integer DEFAULT 50) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT (page - 1) * page_size $$;

CREATE FUNCTION public.search(q text, exact boolean DEFAULT false) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN exact THEN q ELSE '%' || q || '%' END $$;

CREATE FUNCTION public.log_line(msg text, level text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT '[' || level || '] ' || msg $$;
