CREATE TYPE public.plan_tier AS ENUM ('free', 'standard', 'premium');

CREATE TABLE public.subscription (
    id integer PRIMARY KEY,
    tier public.plan_tier NOT NULL DEFAULT 'free'
);

INSERT INTO public.subscription VALUES (1, 'free'), (3, 'free');
