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

CREATE TRIGGER event_log AFTER INSERT OR UPDATE ON public.event
    FOR EACH ROW EXECUTE FUNCTION public.log_event();

CREATE TRIGGER event_touch BEFORE UPDATE ON public.event
    FOR EACH ROW EXECUTE FUNCTION public.touch();

INSERT INTO public.event VALUES (1, '2024-05-01', 'x', NULL);
