-- pair: inheritance children: public.vehicle gets a new child public.truck (INHERITS, with an extra column and its own check); the child public.bike is dropped (B has no bike table); public.car stays a child

CREATE TABLE public.vehicle (
    id integer NOT NULL,
    maker text NOT NULL,
    wheels integer NOT NULL DEFAULT 4 CONSTRAINT vehicle_wheels_check CHECK (wheels > 0)
);

CREATE TABLE public.car (
    seats integer NOT NULL DEFAULT 5
) INHERITS (public.vehicle);

CREATE TABLE public.bike (
    has_bell boolean NOT NULL DEFAULT true
) INHERITS (public.vehicle);

INSERT INTO public.car (id, maker, seats) VALUES (1, 'Volvo', 5);
INSERT INTO public.bike (id, maker, wheels) VALUES (2, 'Brompton', 2);
