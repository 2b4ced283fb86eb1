-- pair: the seeds incident: public.asset.publishing_organization_id integer REFERENCES public.publishing_organization(id) (indexed) is replaced by public.asset.resource_id integer NOT NULL REFERENCES public.resource(id) (indexed), and public.publishing_organization is dropped; the FK, its index and the column must go before the table, and the new column is NOT NULL without default (asset is empty in A so it can be added)

CREATE TABLE public.publishing_organization (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    website text
);

CREATE TABLE public.resource (
    id serial PRIMARY KEY,
    title text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.asset (
    id serial PRIMARY KEY,
    url text NOT NULL,
    mime_type text NOT NULL DEFAULT 'application/octet-stream',
    publishing_organization_id integer REFERENCES public.publishing_organization (id)
);

CREATE INDEX asset_publishing_organization_id_idx ON public.asset (publishing_organization_id);

INSERT INTO public.publishing_organization (name, website) VALUES ('Open Press', 'https://press.example.org'), ('Data Lab', NULL);
INSERT INTO public.resource (title, created_at) VALUES ('Annual report', '2024-01-01 00:00:00+00'), ('Dataset', '2024-02-01 00:00:00+00');
