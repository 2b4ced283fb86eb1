-- pair: a btree operator family and class (case-insensitive text) are added with an index that uses the class; the family gains a loose cross-type member
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
CREATE TABLE public.account (id integer PRIMARY KEY, handle text NOT NULL);
