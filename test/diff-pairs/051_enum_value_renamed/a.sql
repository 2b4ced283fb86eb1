-- pair: enum public.plan_tier's value 'gold' becomes 'premium' and 'basic' becomes 'standard' (a diff sees this as values removed and added; no row uses the renamed values), used by a column with a default

CREATE TYPE public.plan_tier AS ENUM ('free', 'basic', 'gold');

CREATE TABLE public.subscription (
    id integer PRIMARY KEY,
    tier public.plan_tier NOT NULL DEFAULT 'free'
);

INSERT INTO public.subscription VALUES (1, 'free'), (2, 'free');
