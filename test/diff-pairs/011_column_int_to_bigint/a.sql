-- pair: column types int -> bigint: public.metric.value (indexed) and public.metric.id (primary key), with rows; smallint -> integer on public.metric.bucket

CREATE TABLE public.metric (
    id integer PRIMARY KEY,
    name text NOT NULL,
    value integer NOT NULL,
    bucket smallint NOT NULL DEFAULT 0
);

CREATE INDEX metric_name_value_idx ON public.metric (name, value);

INSERT INTO public.metric VALUES (1, 'cpu', 42, 1), (2, 'mem', 2147483647, 2);
