CREATE TABLE public.member (
    id integer PRIMARY KEY,
    email text NOT NULL,
    login text NOT NULL,
    CONSTRAINT member_login_key UNIQUE (login)
);

CREATE UNIQUE INDEX member_email_key ON public.member (email);

INSERT INTO public.member VALUES (1, 'a@example.com', 'a'), (2, 'b@example.com', 'b');
