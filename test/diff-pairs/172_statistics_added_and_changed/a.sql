-- pair: extended statistics change kinds, gain a target, and are added (with expressions) or dropped

CREATE TABLE public.visits (
    id       integer PRIMARY KEY,
    city     text,
    zip      text,
    visited  timestamptz
);
CREATE STATISTICS public.visits_city_zip (ndistinct) ON city, zip FROM public.visits;
CREATE STATISTICS public.visits_old ON city, visited FROM public.visits;
