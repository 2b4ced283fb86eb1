CREATE TABLE public.documents (
    id       integer PRIMARY KEY,
    title    text COMPRESSION pglz,
    body     text,
    raw      bytea,
    score    numeric,
    extra    text COMPRESSION pglz
);
ALTER TABLE public.documents ALTER COLUMN title SET STORAGE MAIN;
ALTER TABLE public.documents ALTER COLUMN extra SET STORAGE EXTERNAL;
