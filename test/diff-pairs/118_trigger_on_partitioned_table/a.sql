-- pair: a row trigger is added on the partitioned table public.event (it is cloned onto every partition, including one attached later), and an existing partitioned-table trigger changes from AFTER INSERT to AFTER INSERT OR UPDATE

CREATE TABLE public.event (
    id bigint NOT NULL,
    at date NOT NULL,
    payload text,
    updated_at timestamptz
) PARTITION BY RANGE (at);

CREATE TABLE public.event_2024 PARTITION OF public.event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.event_2025 PARTITION OF public.event FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

CREATE FUNCTION public.log_event() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE NOTICE 'event %', NEW.id; RETURN NULL; END $$;

CREATE TRIGGER event_log AFTER INSERT ON public.event
    FOR EACH ROW EXECUTE FUNCTION public.log_event();

INSERT INTO public.event VALUES (1, '2024-05-01', 'x', NULL);
