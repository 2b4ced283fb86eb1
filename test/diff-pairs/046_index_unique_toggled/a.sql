-- pair: uniqueness of indexes flips under the same names: public.member_email_idx non-unique -> UNIQUE; public.member_nick_idx UNIQUE -> non-unique (no duplicates in the rows)

CREATE TABLE public.member (
    id integer PRIMARY KEY,
    email text NOT NULL,
    nick text NOT NULL
);

CREATE INDEX member_email_idx ON public.member (email);
CREATE UNIQUE INDEX member_nick_idx ON public.member (nick);

INSERT INTO public.member VALUES (1, 'a@example.com', 'a'), (2, 'b@example.com', 'b');
