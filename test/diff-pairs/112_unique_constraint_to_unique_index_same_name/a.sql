-- pair: a unique constraint becomes a plain unique index with the same name (public.member_email_key) and, the other way round, unique index public.member_login_key becomes a unique constraint; the old object must be dropped before the new one of the same name is created

CREATE TABLE public.member (
    id integer PRIMARY KEY,
    email text NOT NULL,
    login text NOT NULL,
    CONSTRAINT member_email_key UNIQUE (email)
);

CREATE UNIQUE INDEX member_login_key ON public.member (login);

INSERT INTO public.member VALUES (1, 'a@example.com', 'a'), (2, 'b@example.com', 'b');
