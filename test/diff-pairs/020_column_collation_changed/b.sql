CREATE TABLE public.word (
    id integer PRIMARY KEY,
    spelling text COLLATE "C" NOT NULL,
    sort_key text COLLATE "POSIX",
    note varchar(40)
);

CREATE UNIQUE INDEX word_spelling_key ON public.word (spelling);

INSERT INTO public.word VALUES (1, 'apple', 'a', 'fruit'), (3, 'cherry', 'c', NULL);
