-- requires: extensions: seg

CREATE EXTENSION seg WITH SCHEMA public VERSION '1.1';

CREATE TABLE public.measurement (
    id integer PRIMARY KEY,
    span public.seg NOT NULL DEFAULT '0 .. 1'::public.seg,
    spans public.seg[]
);

CREATE INDEX measurement_span_idx ON public.measurement USING gist (span);

CREATE VIEW public.wide_measurement AS
    SELECT id, span FROM public.measurement WHERE public.seg_size(span) > 1;

INSERT INTO public.measurement VALUES (1, '1.5 .. 2.5', '{"1 .. 2"}'), (2, '6.0 .. 7.25', NULL);
