/**
 * An embedded shadow served over PostgreSQL's protocol: psycopg2 (what Django connects with)
 * connects to it, changes it and reads it back, and the changes are there for the shadow's own
 * connection.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectByName } from '../../../src/dialects/index.js';
import type { ServedDatabase, ShadowDatabase } from '../../../src/dialects/dialect.js';
import { DJANGO_PYTHON, hasDjango } from '../../helpers/django-project.js';
import { SHARED_CACHE_DIR } from '../../setup/shared-image.js';

/**
 * Two psycopg2 connections one after the other: the first creates and fills a table (and
 * leaves a transaction open when it closes), the second reads what the first committed.
 */
const CLIENT = `
import json, sys, psycopg2
url = sys.argv[1]
first = psycopg2.connect(url)
with first.cursor() as cursor:
    cursor.execute('CREATE TABLE book (id serial PRIMARY KEY, title text NOT NULL)')
    cursor.execute('INSERT INTO book (title) VALUES (%s), (%s)', ('Dune', "L'Étranger"))
first.commit()
with first.cursor() as cursor:
    cursor.execute('INSERT INTO book (title) VALUES (%s)', ('never committed',))
first.close()
second = psycopg2.connect(url)
with second.cursor() as cursor:
    cursor.execute('SELECT title FROM book ORDER BY id')
    titles = [row[0] for row in cursor.fetchall()]
    try:
        cursor.execute('SELECT nope FROM book')
    except psycopg2.Error as error:
        failure = error.pgcode
second.rollback()
second.close()
print(json.dumps({'titles': titles, 'failure': failure}))
`;

describe.runIf(hasDjango())('an embedded shadow served on a local port', () => {
  let shadow: ShadowDatabase;
  let served: ServedDatabase;

  beforeAll(async () => {
    shadow = await dialectByName('postgres').shadow.open({ cacheDir: SHARED_CACHE_DIR, scripts: [] });
    if (!shadow.serve) throw new Error('the embedded shadow cannot be served');
    served = await shadow.serve();
  });
  afterAll(async () => {
    await served?.close();
    await shadow?.dispose();
  });

  it('takes psycopg2 connections in turn, and what they commit is in the database', async () => {
    expect(served.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const { stdout } = await promisify(execFile)(DJANGO_PYTHON, ['-c', CLIENT, served.url]);
    expect(JSON.parse(stdout)).toEqual({ titles: ['Dune', "L'Étranger"], failure: '42703' });
    const rows = await shadow.connection.query<{ title: string }>('SELECT title FROM book ORDER BY id');
    expect(rows.map((row) => row.title)).toEqual(['Dune', "L'Étranger"]);
  });
});
