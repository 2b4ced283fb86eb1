CREATE TABLE public.resource (
    id serial PRIMARY KEY,
    title text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.asset (
    id serial PRIMARY KEY,
    url text NOT NULL,
    mime_type text NOT NULL DEFAULT 'application/octet-stream',
    resource_id integer NOT NULL REFERENCES public.resource (id)
);

CREATE INDEX asset_resource_id_idx ON public.asset (resource_id);

INSERT INTO public.resource (title, created_at) VALUES ('Annual report', '2024-01-01 00:00:00+00'), ('Dataset', '2024-02-01 00:00:00+00');
INSERT INTO public.asset (url, mime_type, resource_id) VALUES ('https://cdn.example.org/report.pdf', 'application/pdf', 1);
