CREATE FUNCTION public.ci_lt(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) < lower(b) $$;
CREATE FUNCTION public.ci_le(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) <= lower(b) $$;
CREATE FUNCTION public.ci_eq(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) = lower(b) $$;
CREATE FUNCTION public.ci_ge(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) >= lower(b) $$;
CREATE FUNCTION public.ci_gt(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) > lower(b) $$;
CREATE FUNCTION public.ci_cmp(a text, b text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT bttextcmp(lower(a), lower(b)) $$;
CREATE FUNCTION public.ci_cmp_varchar(a character varying, b text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT bttextcmp(lower(a), lower(b)) $$;
CREATE OPERATOR public.<~ (LEFTARG = text, RIGHTARG = text, FUNCTION = public.ci_lt);
CREATE OPERATOR public.<=~ (LEFTARG = text, RIGHTARG = text, FUNCTION = public.ci_le);
CREATE OPERATOR public.=~ (LEFTARG = text, RIGHTARG = text, FUNCTION = public.ci_eq);
CREATE OPERATOR public.>=~ (LEFTARG = text, RIGHTARG = text, FUNCTION = public.ci_ge);
CREATE OPERATOR public.>~ (LEFTARG = text, RIGHTARG = text, FUNCTION = public.ci_gt);
CREATE OPERATOR FAMILY public.ci_ops USING btree;
CREATE OPERATOR CLASS public.ci_text_ops FOR TYPE text USING btree FAMILY public.ci_ops AS
    OPERATOR 1 public.<~, OPERATOR 2 public.<=~, OPERATOR 3 public.=~, OPERATOR 4 public.>=~, OPERATOR 5 public.>~,
    FUNCTION 1 public.ci_cmp(text, text);
ALTER OPERATOR FAMILY public.ci_ops USING btree ADD
    FUNCTION 1 (character varying, text) public.ci_cmp_varchar(character varying, text);
COMMENT ON OPERATOR CLASS public.ci_text_ops USING btree IS 'case-insensitive order';
CREATE TABLE public.account (id integer PRIMARY KEY, handle text NOT NULL);
CREATE INDEX account_handle_ci ON public.account (handle public.ci_text_ops);
