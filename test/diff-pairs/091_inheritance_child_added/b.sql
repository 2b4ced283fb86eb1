CREATE TABLE public.vehicle (
    id integer NOT NULL,
    maker text NOT NULL,
    wheels integer NOT NULL DEFAULT 4 CONSTRAINT vehicle_wheels_check CHECK (wheels > 0)
);

CREATE TABLE public.car (
    seats integer NOT NULL DEFAULT 5
) INHERITS (public.vehicle);

CREATE TABLE public.truck (
    payload_kg integer NOT NULL CONSTRAINT truck_payload_check CHECK (payload_kg >= 0)
) INHERITS (public.vehicle);

INSERT INTO public.car (id, maker, seats) VALUES (1, 'Volvo', 5);
INSERT INTO public.truck (id, maker, wheels, payload_kg) VALUES (3, 'Scania', 6, 12000);
