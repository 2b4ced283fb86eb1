-- pair: extension seg goes from 1.4 to 1.1 (and back); contrib ships no downgrade scripts, so A -> B drops the extension and creates it again at the older version, with the columns of its type moved to text and back around it (their default, a GiST index using its operator class and a view over the table go first and come back after); B -> A is ALTER EXTENSION ... UPDATE
-- requires: extensions: seg

CREATE EXTENSION seg WITH SCHEMA public VERSION '1.4';

CREATE TABLE public.measurement (
    id integer PRIMARY KEY,
    span public.seg NOT NULL DEFAULT '0 .. 1'::public.seg,
    spans public.seg[]
);

CREATE INDEX measurement_span_idx ON public.measurement USING gist (span);

CREATE VIEW public.wide_measurement AS
    SELECT id, span FROM public.measurement WHERE public.seg_size(span) > 1;

INSERT INTO public.measurement VALUES (1, '1.5 .. 2.5', '{"1 .. 2"}'), (2, '6.0 .. 7.25', NULL);
