CREATE TABLE public.reading (
    sensor_id bigint NOT NULL,
    taken_at timestamptz NOT NULL,
    value double precision
) PARTITION BY RANGE (sensor_id);

CREATE TABLE public.reading_p0 PARTITION OF public.reading FOR VALUES FROM (0) TO (1000);
CREATE TABLE public.reading_p1 PARTITION OF public.reading FOR VALUES FROM (1000) TO (2000);

CREATE INDEX reading_taken_at_idx ON public.reading (taken_at);

INSERT INTO public.reading VALUES (1, '2024-01-01 00:00:00+00', 1.0), (2, '2024-01-01 00:00:00+00', 2.0);
