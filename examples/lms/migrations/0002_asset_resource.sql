-- Assets belong to a resource now, not to a publishing organization (the change behind the seeds' incident).
ALTER TABLE public.asset ADD COLUMN resource_id bigint REFERENCES public.resource (id) ON DELETE CASCADE;
ALTER TABLE public.asset DROP COLUMN publishing_organization_id;
