-- pair: enum public.mood and the only column using it (public.diary_entry.mood, with a default) are dropped; enum public.weather stays in use

CREATE TYPE public.mood AS ENUM ('happy', 'sad', 'meh');
CREATE TYPE public.weather AS ENUM ('sun', 'rain');

CREATE TABLE public.diary_entry (
    id integer PRIMARY KEY,
    written_on date NOT NULL,
    mood public.mood DEFAULT 'meh',
    weather public.weather
);

INSERT INTO public.diary_entry VALUES (1, '2024-01-01', 'happy', 'sun'), (2, '2024-01-02', 'meh', NULL);
