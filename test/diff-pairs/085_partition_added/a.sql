-- pair: a range partition public.measurement_2024_03 is added to the partitioned table public.measurement (which has a primary key and an index that the new partition inherits); a list partition is added to public.customer_by_region

CREATE TABLE public.measurement (
    id bigint NOT NULL,
    taken_on date NOT NULL,
    value double precision,
    PRIMARY KEY (id, taken_on)
) PARTITION BY RANGE (taken_on);

CREATE INDEX measurement_value_idx ON public.measurement (value);

CREATE TABLE public.measurement_2024_01 PARTITION OF public.measurement
    FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE public.measurement_2024_02 PARTITION OF public.measurement
    FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');

CREATE TABLE public.customer_by_region (
    id integer NOT NULL,
    region text NOT NULL,
    name text
) PARTITION BY LIST (region);

CREATE TABLE public.customer_eu PARTITION OF public.customer_by_region FOR VALUES IN ('eu');

INSERT INTO public.measurement VALUES (1, '2024-01-15', 1.5), (2, '2024-02-15', 2.5);
INSERT INTO public.customer_by_region VALUES (1, 'eu', 'Ada');
