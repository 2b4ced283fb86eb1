-- Assets belong to a resource now, not to a publishing organization (the change behind the seeds' incident).
ALTER TABLE asset
  ADD COLUMN resource_id bigint,
  ADD CONSTRAINT asset_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES resource (id) ON DELETE CASCADE;
ALTER TABLE asset DROP FOREIGN KEY asset_publishing_organization_id_fkey;
ALTER TABLE asset DROP COLUMN publishing_organization_id;
