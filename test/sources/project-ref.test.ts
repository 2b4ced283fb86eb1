import { describe, expect, it } from 'vitest';
import { projectRef } from '../../src/sources/project-ref.js';

describe('projectRef', () => {
  const root = '/home/dev/app';

  it('writes the paths of a ref relative to the project, each part of a combined ref', () => {
    expect(projectRef('drizzle:/home/dev/app/src/db/schema.ts + sql:/home/dev/app/src/db/triggers.sql', root)).toBe(
      'drizzle:./src/db/schema.ts + sql:./src/db/triggers.sql',
    );
    expect(projectRef('prisma:/home/dev/app/prisma/schema', root)).toBe('prisma:./prisma/schema');
    expect(projectRef('migrations:/home/dev/app/migrations@0002', root)).toBe('migrations:./migrations@0002');
    expect(projectRef('pglite:/home/dev/app/.data/dev', root)).toBe('pglite:./.data/dev');
    expect(projectRef('/home/dev/app/database_schema/baseline_schema.json', root)).toBe(
      './database_schema/baseline_schema.json',
    );
    expect(projectRef('sql:/home/dev/shared/schema.sql', root)).toBe('sql:../shared/schema.sql');
    expect(projectRef('/home/dev/app', root)).toBe('.');
  });

  it('keeps URLs and paths that are already relative', () => {
    for (const ref of ['postgres://app@db.internal/app', 'pglite:memory', 'sql:./schema.sql', 'git:main:schema.json']) {
      expect(projectRef(ref, root)).toBe(ref);
    }
  });
});
