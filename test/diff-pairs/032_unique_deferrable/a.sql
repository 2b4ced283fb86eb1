-- pair: deferrability of unique constraints: public.playlist_item (playlist_id, position) UNIQUE becomes DEFERRABLE INITIALLY DEFERRED; public.seat (row_label, number) goes from DEFERRABLE INITIALLY IMMEDIATE to NOT DEFERRABLE

CREATE TABLE public.playlist_item (
    id integer PRIMARY KEY,
    playlist_id integer NOT NULL,
    position integer NOT NULL,
    track text NOT NULL,
    CONSTRAINT playlist_item_position_key UNIQUE (playlist_id, position)
);

CREATE TABLE public.seat (
    id integer PRIMARY KEY,
    row_label char(1) NOT NULL,
    number integer NOT NULL,
    CONSTRAINT seat_row_number_key UNIQUE (row_label, number) DEFERRABLE INITIALLY IMMEDIATE
);

INSERT INTO public.playlist_item VALUES (1, 1, 1, 'Intro'), (2, 1, 2, 'Outro');
INSERT INTO public.seat VALUES (1, 'A', 1), (2, 'A', 2);
