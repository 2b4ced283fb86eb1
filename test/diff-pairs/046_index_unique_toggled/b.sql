CREATE TABLE public.member (
    id integer PRIMARY KEY,
    email text NOT NULL,
    nick text NOT NULL
);

CREATE UNIQUE INDEX member_email_idx ON public.member (email);
CREATE INDEX member_nick_idx ON public.member (nick);

-- nick values are distinct so that B -> A (unique again) succeeds.
INSERT INTO public.member VALUES (1, 'a@example.com', 'a'), (2, 'b@example.com', 'b');
