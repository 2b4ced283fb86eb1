/**
 * Every command that reads a database works for a role that may only read it (CONNECT,
 * USAGE on the schema, SELECT on its tables and sequences), and leaves the database exactly
 * as it was: a fingerprint of the whole catalog and of every row is the same before and
 * after. (`pg_stat_database` counters are no proof: reading changes them too.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SERVER_URL, hasServer, serverAdminQuery } from '../helpers/databases.js';
import { type TargetDatabase, applyIn, migrationProject, serverTarget } from '../helpers/migration-project.js';

/**
 * What a read-only run must not change: every object of the catalog that a DDL statement,
 * a grant or a comment could add or alter (by name and definition, not by counters such
 * as relpages), the database's own settings, and the contents of every user table and
 * sequence.
 */
const FINGERPRINT = `
SELECT md5(string_agg(item, E'\\n' ORDER BY item)) AS catalog FROM (
  SELECT format('class %s.%s %s %s %s', relnamespace::regnamespace, relname, relkind, relowner::regrole, relacl) AS item
    FROM pg_class WHERE relnamespace::regnamespace::text NOT LIKE 'pg_temp%' AND relnamespace::regnamespace::text NOT LIKE 'pg_toast%'
  UNION ALL SELECT format('column %s %s %s %s %s %s', attrelid::regclass, attnum, attname, atttypid::regtype, attnotnull, attisdropped)
    FROM pg_attribute WHERE attrelid >= 16384 AND attnum > 0
  UNION ALL SELECT format('default %s %s %s', adrelid::regclass, adnum, pg_get_expr(adbin, adrelid)) FROM pg_attrdef
  UNION ALL SELECT format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) FROM pg_constraint WHERE connamespace >= 16384 OR connamespace = 'public'::regnamespace
  UNION ALL SELECT format('index %s', pg_get_indexdef(indexrelid)) FROM pg_index WHERE indexrelid >= 16384
  UNION ALL SELECT format('function %s %s', oid::regprocedure, md5(prosrc)) FROM pg_proc WHERE oid >= 16384
  UNION ALL SELECT format('type %s %s', oid::regtype, typtype) FROM pg_type WHERE oid >= 16384
  UNION ALL SELECT format('namespace %s %s %s', nspname, nspowner::regrole, nspacl) FROM pg_namespace
  UNION ALL SELECT format('trigger %s %s', tgrelid::regclass, tgname) FROM pg_trigger WHERE tgrelid >= 16384
  UNION ALL SELECT format('event trigger %s', evtname) FROM pg_event_trigger
  UNION ALL SELECT format('extension %s %s', extname, extversion) FROM pg_extension
  UNION ALL SELECT format('policy %s %s', polrelid::regclass, polname) FROM pg_policy
  UNION ALL SELECT format('comment %s %s %s %s', classoid, objoid, objsubid, description) FROM pg_description WHERE objoid >= 16384
  UNION ALL SELECT format('rule %s %s', ev_class::regclass, rulename) FROM pg_rewrite WHERE oid >= 16384
  UNION ALL SELECT format('publication %s', pubname) FROM pg_publication
  UNION ALL SELECT format('setting %s %s', setrole, setconfig) FROM pg_db_role_setting
  UNION ALL SELECT format('database %s %s %s', datname, datdba::regrole, datacl) FROM pg_database WHERE datname = current_database()
  UNION ALL SELECT format('sequence %s %s %s', schemaname, sequencename, last_value) FROM pg_sequences
  UNION ALL SELECT format('large object %s', oid) FROM pg_largeobject_metadata
) catalog`;

/** The catalog fingerprint, then every row of every user table, as one text. */
async function fingerprint(target: TargetDatabase): Promise<string> {
  return target.use(async (db) => {
    const [row] = await db.query<{ catalog: string }>(FINGERPRINT);
    const tables = await db.query<{ name: string }>(
      "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    );
    const parts = [row?.catalog ?? ''];
    for (const { name } of tables) {
      const [data] = await db.query<{ rows: string }>(
        `SELECT coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), 'empty') AS rows FROM ${name} t`,
      );
      parts.push(`${name} ${data?.rows}`);
    }
    return parts.join('\n');
  });
}

describe.runIf(hasServer())('read commands with a read-only role', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('all work, and the database is byte for byte the same after them', async () => {
    const reader = `sgreader_${process.pid}`;
    await serverAdminQuery(`CREATE ROLE ${reader} LOGIN`);
    cleanup.push(() => serverAdminQuery(`DROP ROLE IF EXISTS ${reader}`));
    const target = await serverTarget('sgreadonly');
    cleanup.push(async () => {
      await target.drop();
    });
    const database = new URL(target.url).pathname.slice(1);

    // The schema and its history, written by the owner.
    const dir = migrationProject(
      target.url,
      {
        '0001_asset.sql':
          "CREATE TABLE public.asset (id serial PRIMARY KEY, title text NOT NULL DEFAULT '', kind text);\nCREATE INDEX asset_title_idx ON public.asset (title);\n",
        '0002_tag.sql':
          'CREATE TABLE public.tag (id integer PRIMARY KEY, asset_id integer REFERENCES public.asset);\nCREATE VIEW public.tagged AS SELECT a.title FROM public.asset a JOIN public.tag t ON t.asset_id = a.id;\n',
      },
      // The replays on shadow databases of the server (as its owner): this test is about the reader, not shadows.
      { shadow: SERVER_URL },
    );
    const applied = await applyIn(dir, '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    await target.use((db) => db.exec("INSERT INTO public.asset (title) VALUES ('one'), ('two')"));
    // Only what reading needs.
    await serverAdminQuery(
      [`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`, `GRANT CONNECT ON DATABASE ${database} TO ${reader}`].join(
        ';',
      ),
    );
    await target.use((db) =>
      db.exec(
        [
          `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
          `GRANT USAGE ON SCHEMA public TO ${reader}`,
          `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${reader}`,
          `GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${reader}`,
        ].join(';'),
      ),
    );
    const url = new URL(target.url);
    url.username = reader;
    const readOnly = url.toString();
    // The role can indeed not write: a pending migration fails on it.
    writeFileSync(join(dir, 'migrations', '0003_more.sql'), 'ALTER TABLE public.tag ADD COLUMN label text;\n');
    const refused = await runCli(['migrate', 'apply', '--db', readOnly, '--yes'], { cwd: dir });
    expect(refused.stderr).toMatch(/permission denied|must be owner/);
    expect(refused.code, refused.stderr).toBeGreaterThan(0);

    const before = await fingerprint(target);
    const dumped = await runCli(['dump', '--db', readOnly, '-o', 'read.json'], { cwd: dir });
    expect(dumped.code, dumped.stderr).toBe(0);
    const commands: string[][] = [
      ['dump', '--db', readOnly, '--format', 'sql', '--include-privileges', '--include-owners', '--include-data'],
      ['compare', 'read.json', '--db', readOnly, '--strict'],
      ['diff', 'read.json', readOnly],
      ['verify', '--db', readOnly, '--models', 'migrations:./migrations@0002'],
      ['migrate', 'status', '--db', readOnly],
      ['migrate', 'plan', '--db', readOnly],
      ['check', '--db', readOnly, '--allow-pending'],
      ['snapshot', '--db', readOnly],
      ['rollback', '--db', readOnly, '--to', 'read.json', '--dry-run'],
    ];
    for (const args of commands) {
      const result = await runCli(args, { cwd: dir });
      const shown = `${args.join(' ')} → ${result.code}\n${result.stderr}${result.stdout.slice(-800)}`;
      // migrate status: 0003 is pending (exit 1), as it should be; everything else passes.
      expect(result.code, shown).toBe(args[1] === 'status' ? 1 : 0);
      expect(`${result.stdout}${result.stderr}`, shown).not.toMatch(/permission denied/i);
    }
    expect(await fingerprint(target)).toBe(before);
    // The fingerprint sees a change as small as a comment, or one row.
    await target.use((db) => db.exec("COMMENT ON COLUMN public.tag.asset_id IS 'the asset'"));
    const commented = await fingerprint(target);
    expect(commented).not.toBe(before);
    await target.use((db) => db.exec("UPDATE public.asset SET kind = 'k' WHERE id = 1"));
    expect(await fingerprint(target)).not.toBe(commented);
  }, 600_000);
});
