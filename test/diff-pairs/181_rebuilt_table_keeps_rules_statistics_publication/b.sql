CREATE TABLE public.readings (
    id       bigint NOT NULL,
    taken    date NOT NULL,
    sensor   text,
    value    numeric,
    PRIMARY KEY (id, taken)
) PARTITION BY RANGE (taken);
CREATE TABLE public.readings_2025 PARTITION OF public.readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.readings_log (id bigint, sensor text);
CREATE TABLE public.sensors (name text PRIMARY KEY);

CREATE RULE readings_log_insert AS ON INSERT TO public.readings
    DO ALSO INSERT INTO public.readings_log (id, sensor) VALUES (new.id, new.sensor);
COMMENT ON RULE readings_log_insert ON public.readings IS 'keeps a log';
CREATE STATISTICS public.readings_sensor_taken (dependencies) ON sensor, taken FROM public.readings;
CREATE PUBLICATION readings_pub FOR TABLE public.readings, TABLE public.sensors;
