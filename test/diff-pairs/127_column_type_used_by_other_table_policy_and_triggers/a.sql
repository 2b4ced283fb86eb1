-- pair: public.member."Level" (a quoted mixed-case name) changes smallint -> integer while it is used by a policy of another table (public.document, through a subquery), a policy of its own table, a trigger WHEN clause and an UPDATE OF column list, an expression index and a stored generated column; every user is dropped before the ALTER COLUMN TYPE and created again after it (rules are not modelled, so not covered)

CREATE TABLE public.member (
    id integer PRIMARY KEY,
    "Level" smallint NOT NULL DEFAULT 1,
    senior boolean GENERATED ALWAYS AS ("Level" >= 3) STORED
);

CREATE INDEX member_level_sq_idx ON public.member ((("Level" * "Level")));

ALTER TABLE public.member ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_self ON public.member USING ("Level" > 0);

CREATE TABLE public.document (
    id integer PRIMARY KEY,
    member_id integer NOT NULL REFERENCES public.member (id)
);

ALTER TABLE public.document ENABLE ROW LEVEL SECURITY;
CREATE POLICY document_seniors ON public.document
    USING (EXISTS (SELECT 1 FROM public.member m WHERE m.id = member_id AND m."Level" >= 2));

CREATE FUNCTION public.member_promoted() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RETURN NEW; END $$;

CREATE TRIGGER member_promoted BEFORE UPDATE OF "Level" ON public.member
    FOR EACH ROW WHEN (NEW."Level" > OLD."Level") EXECUTE FUNCTION public.member_promoted();

INSERT INTO public.member (id, "Level") VALUES (1, 1), (2, 4);
INSERT INTO public.document VALUES (10, 2);
