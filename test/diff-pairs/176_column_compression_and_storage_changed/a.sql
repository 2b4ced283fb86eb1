-- pair: column compression and storage change, are set and go back to the type's default (text EXTENDED, numeric MAIN)

CREATE TABLE public.documents (
    id       integer PRIMARY KEY,
    title    text,
    body     text COMPRESSION pglz,
    raw      bytea,
    score    numeric
);
ALTER TABLE public.documents ALTER COLUMN raw SET STORAGE EXTERNAL;
ALTER TABLE public.documents ALTER COLUMN score SET STORAGE EXTENDED;
