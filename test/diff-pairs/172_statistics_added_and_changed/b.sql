CREATE TABLE public.visits (
    id       integer PRIMARY KEY,
    city     text,
    zip      text,
    visited  timestamptz
);
CREATE STATISTICS public.visits_city_zip (ndistinct, mcv) ON city, zip FROM public.visits;
ALTER STATISTICS public.visits_city_zip SET STATISTICS 300;
CREATE STATISTICS public.visits_by_day (dependencies) ON city, (date_trunc('day', visited AT TIME ZONE 'UTC')) FROM public.visits;
COMMENT ON STATISTICS public.visits_by_day IS 'city depends on the day';
