import { describe, expect, it } from 'vitest';
import { resolveEmbeddedPath } from '../../src/config/load.js';
import { dialectNamed, embeddedFolder, refExamples, refForms } from '../../src/dialects/index.js';

describe("refs as the registry's dialects declare them", () => {
  it("finds an embedded database's folder, not a server's or an in-memory one's", () => {
    expect(embeddedFolder('pglite:./data')).toMatchObject({ path: './data', noun: 'The PGlite data directory' });
    expect(embeddedFolder('pglite:file:///srv/db')?.path).toBe('/srv/db');
    for (const ref of ['pglite:memory', 'pglite:memory://x', 'pglite:', 'postgres://app@db/app', 'sql:./data']) {
      expect(embeddedFolder(ref)).toBeUndefined();
    }
  });

  it("resolves a relative folder from the config's folder and keeps the rest", () => {
    expect(resolveEmbeddedPath('pglite:./data', '/app')).toBe('pglite:/app/data');
    expect(resolveEmbeddedPath('sqlite:./app.db', '/app')).toBe('sqlite:/app/app.db');
    expect(resolveEmbeddedPath('file:app.db', '/app')).toBe('file:/app/app.db');
    for (const url of ['pglite:/srv/db', 'pglite:memory', 'postgres://app@db/app', 'sqlite:memory', 'libsql://db.io']) {
      expect(resolveEmbeddedPath(url, '/app')).toBe(url);
    }
  });

  it('lists the forms and examples of every engine, and takes names and aliases', () => {
    expect(refForms()).toBe('postgres://…, pglite:…, mysql://…, mariadb://…, sqlite:…, file:…, libsql://…');
    expect(refExamples()).toBe(
      'postgres://…, pglite:./dir, pglite:memory, mysql://user@host:3306/database, sqlite:./app.db, sqlite:memory, libsql://host',
    );
    expect(dialectNamed(' PostgreSQL ')?.name).toBe('postgres');
    expect(dialectNamed('MariaDB')?.name).toBe('mysql');
    expect(dialectNamed('SQLite')?.name).toBe('sqlite');
    expect(dialectNamed('libsql')?.name).toBe('sqlite');
    expect(dialectNamed('oracle')).toBeUndefined();
  });
});
