CREATE TYPE public.weather AS ENUM ('sun', 'rain');

CREATE TABLE public.diary_entry (
    id integer PRIMARY KEY,
    written_on date NOT NULL,
    weather public.weather
);

INSERT INTO public.diary_entry VALUES (1, '2024-01-01', 'sun'), (2, '2024-01-02', NULL);
