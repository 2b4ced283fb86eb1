-- pair: public.ticket.priority changes smallint -> integer and public.ticket.code varchar(10) -> varchar(20) while those columns are used by: a stored generated column, a RLS policy, a trigger WHEN clause, a view, a partial index predicate and an expression index; PostgreSQL refuses ALTER COLUMN TYPE on columns used by a policy, a trigger definition, a generated column or a view, so those must be dropped and recreated around it

CREATE TABLE public.ticket (
    id integer PRIMARY KEY,
    code varchar(10) NOT NULL,
    priority smallint NOT NULL DEFAULT 3,
    urgent boolean GENERATED ALWAYS AS (priority <= 1) STORED,
    owner name NOT NULL DEFAULT current_user
);

CREATE INDEX ticket_high_idx ON public.ticket (id) WHERE priority < 2;
CREATE INDEX ticket_code_lower_idx ON public.ticket (lower(code));

ALTER TABLE public.ticket ENABLE ROW LEVEL SECURITY;
CREATE POLICY ticket_visible ON public.ticket USING (owner = current_user OR priority = 1);

CREATE FUNCTION public.ticket_escalated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE NOTICE 'escalated %', NEW.code; RETURN NEW; END $$;

CREATE TRIGGER ticket_escalated AFTER UPDATE ON public.ticket
    FOR EACH ROW WHEN (NEW.priority < OLD.priority) EXECUTE FUNCTION public.ticket_escalated();

CREATE VIEW public.ticket_board AS
    SELECT id, code, priority FROM public.ticket ORDER BY priority;

INSERT INTO public.ticket (id, code, priority) VALUES (1, 'T-1', 1), (2, 'T-2', 3);
