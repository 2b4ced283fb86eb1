-- pair: column collation changes: public.word.spelling default collation -> "C"; public.word.sort_key "C" -> "POSIX"; public.word.note "C" -> default (the unique index on spelling is rebuilt)

CREATE TABLE public.word (
    id integer PRIMARY KEY,
    spelling text NOT NULL,
    sort_key text COLLATE "C",
    note varchar(40) COLLATE "C"
);

CREATE UNIQUE INDEX word_spelling_key ON public.word (spelling);

INSERT INTO public.word VALUES (1, 'apple', 'a', 'fruit'), (2, 'Banana', 'B', NULL);
