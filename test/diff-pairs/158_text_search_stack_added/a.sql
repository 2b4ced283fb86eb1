-- pair: a whole text search stack is added (a parser, a template, a dictionary on it, a configuration on both) with a table whose generated column uses it; backwards, everything goes in dependency order
CREATE TABLE public.note (id integer PRIMARY KEY, body text NOT NULL);
