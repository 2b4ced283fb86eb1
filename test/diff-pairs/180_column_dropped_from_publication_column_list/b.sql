CREATE TABLE public.profiles (id integer PRIMARY KEY, handle text, avatar bytea);
CREATE PUBLICATION profile_pub FOR TABLE public.profiles (id, handle);
