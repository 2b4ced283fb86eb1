-- pair: a column in a publication's column list is dropped, and a table in a publication is dropped

CREATE TABLE public.profiles (id integer PRIMARY KEY, handle text, bio text, avatar bytea);
CREATE TABLE public.sessions (id integer PRIMARY KEY, token text);
CREATE PUBLICATION profile_pub FOR TABLE public.profiles (id, handle, bio), TABLE public.sessions;
