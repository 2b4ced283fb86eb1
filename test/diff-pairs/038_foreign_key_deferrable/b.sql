CREATE TABLE public.node (
    id integer PRIMARY KEY,
    parent_id integer CONSTRAINT node_parent_id_fkey REFERENCES public.node (id) DEFERRABLE INITIALLY DEFERRED,
    label text NOT NULL
);

CREATE TABLE public.edge (
    from_id integer NOT NULL CONSTRAINT edge_from_id_fkey REFERENCES public.node (id) DEFERRABLE INITIALLY IMMEDIATE,
    to_id integer NOT NULL CONSTRAINT edge_to_id_fkey REFERENCES public.node (id),
    PRIMARY KEY (from_id, to_id)
);

INSERT INTO public.node VALUES (1, NULL, 'root'), (2, 1, 'child');
INSERT INTO public.edge VALUES (1, 2);
