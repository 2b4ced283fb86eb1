import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/load.js';
import { emptySchema, type Schema } from '../../src/schema/model.js';
import { createSnapshot, serializeSnapshot } from '../../src/schema/snapshot.js';
import { combinedFilter, loadSchema } from '../../src/sources/load.js';

/** A baseline of a whole database: public's tables, another schema's, an extension, an event trigger. */
const WHOLE: Schema = {
  ...emptySchema(),
  schemas: [
    { name: 'audit', comment: 'the audit log' },
    { name: 'public', comment: 'standard public schema', owner: 'pg_database_owner' },
  ],
  extensions: [{ name: 'citext', schema: 'public', version: '1.6' }],
  tables: [
    { schema: 'audit', name: 'event', columns: [{ name: 'id', type: 'integer' }] },
    { schema: 'public', name: 'customer', columns: [{ name: 'email', type: 'public.citext' }] },
  ],
  eventTriggers: [{ name: 'log_ddl', event: 'ddl_command_end', function: 'audit.log_ddl' }],
};

describe('a scoped config (a schema-per-tenant target)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-scope-filter-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = { ...defaultConfig(dir, { cwd: dir, env: {} }), scope: { schema: 'tenant_0042', as: 'public' } };

  it('keeps what scope.as holds alone, whatever the command filters', () => {
    expect(combinedFilter(config, { schemas: ['audit'] })).toMatchObject({ schemas: ['public'], objectsOnly: true });
    expect(combinedFilter(defaultConfig(dir), {})).not.toHaveProperty('objectsOnly');
  });

  it("reads a baseline of the whole database as scope.as's objects: no other schema, extension or event trigger", async () => {
    const file = join(dir, 'baseline_schema.json');
    writeFileSync(file, serializeSnapshot(createSnapshot('postgres', WHOLE, {})));
    const { schema } = await loadSchema(file, { config });
    expect(schema.schemas).toEqual([{ name: 'public' }]);
    expect(schema.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['public.customer']);
    expect(schema.extensions).toEqual([]);
    expect(schema.eventTriggers).toEqual([]);
  });
});
