/**
 * What differs between two PostgreSQL schemas only because they come from servers of
 * different major versions: the embedded shadow runs PostgreSQL 18, production often
 * 14–17. Such differences are not drift; each is listed once as not compared.
 *
 * - Extension versions: `CREATE EXTENSION pgcrypto` installs the server's default
 *   version (1.4 on 18, 1.3 on 15). Compared only when the SQL pins the version.
 * - Table privileges: PostgreSQL 17 added `MAINTAIN`, so the seven older privileges
 *   granted one by one are `ALL` on 16 and before but not on 17 and after.
 *
 * Catalog spellings that vary by version (view bodies before 16, `NOT NULL`
 * constraints of 18, collation providers) are made alike when the catalog is read.
 */
import type { AcrossVersions, ComparedSides } from '../../diff/equivalence.js';
import { canonicalSchema } from '../../schema/canonical.js';
import type { Grant, Schema } from '../../schema/model.js';

/** Every privilege on a table or view before PostgreSQL 17 (which added `MAINTAIN`). */
const RELATION_PRIVILEGES_BEFORE_17 = ['DELETE', 'INSERT', 'REFERENCES', 'SELECT', 'TRIGGER', 'TRUNCATE', 'UPDATE'];

/** `15.20` of `15.20 (Debian 15.20-0+deb12u1)`. */
function shown(version: string | undefined): string {
  return version?.split(' ')[0] ?? 'an unknown version';
}

function major(version: string | undefined): number | undefined {
  const number = Number.parseInt(version ?? '', 10);
  return Number.isFinite(number) ? number : undefined;
}

/** Extensions at their default versions take the other side's version; pinned ones stay. */
function alignExtensions(from: Schema, to: Schema, sides: ComparedSides, notCompared: string[]): Schema['extensions'] {
  const pinned = new Set([...(sides.from.pinnedExtensions ?? []), ...(sides.to.pinnedExtensions ?? [])]);
  const toVersions = new Map(to.extensions.map((x) => [x.name, x.version]));
  return from.extensions.map((extension) => {
    const other = toVersions.get(extension.name);
    if (other === undefined || other === extension.version || pinned.has(extension.name)) return extension;
    notCompared.push(
      `extension ${extension.name}: ${extension.version} on PostgreSQL ${shown(sides.from.serverVersion)}, ${other} on PostgreSQL ${shown(sides.to.serverVersion)}: not compared across versions`,
    );
    return { ...extension, version: other };
  });
}

/**
 * A table's or view's grants on PostgreSQL 17+ read as on 16: `MAINTAIN` left out (and
 * listed), and a grantee holding the seven older privileges alike holds `ALL`.
 */
function grantsBefore17(
  grants: readonly Grant[] | undefined,
  path: string,
  notCompared: string[],
): readonly Grant[] | undefined {
  if (!grants?.some((g) => g.privilege !== 'ALL')) return grants;
  const byGrantee = new Map<string, Grant[]>();
  for (const grant of grants) byGrantee.set(grant.grantee, [...(byGrantee.get(grant.grantee) ?? []), grant]);
  return [...byGrantee].flatMap(([grantee, held]) => {
    if (held.some((g) => g.privilege === 'MAINTAIN')) {
      notCompared.push(
        `privilege MAINTAIN of ${grantee} on ${path}: new in PostgreSQL 17, not compared across versions`,
      );
    }
    const rest = held.filter((g) => g.privilege !== 'MAINTAIN');
    const names = new Set(rest.map((g) => g.privilege));
    const grantable = rest.every((g) => g.grantable === true);
    const all =
      rest.length === RELATION_PRIVILEGES_BEFORE_17.length &&
      RELATION_PRIVILEGES_BEFORE_17.every((p) => names.has(p)) &&
      rest.every((g) => (g.grantable === true) === grantable);
    return all ? [{ grantee, privilege: 'ALL', ...(grantable ? { grantable } : {}) }] : rest;
  });
}

/** A schema from PostgreSQL 17+ with its table and view grants as PostgreSQL 16 would show them. */
function privilegesBefore17(schema: Schema, notCompared: string[]): Schema {
  const align = <T extends { schema: string; name: string; grants?: readonly Grant[] }>(object: T): T => {
    const grants = grantsBefore17(object.grants, `${object.schema}.${object.name}`, notCompared);
    return grants === object.grants ? object : { ...object, grants };
  };
  return { ...schema, tables: schema.tables.map(align), views: schema.views.map(align) };
}

/**
 * PostgreSQL's rule for comparing schemas from different major versions (see the top
 * of this file); undefined when both majors are the same or one is unknown.
 */
export function postgresAcrossVersions(from: Schema, to: Schema, sides: ComparedSides): AcrossVersions | undefined {
  const fromMajor = major(sides.from.serverVersion);
  const toMajor = major(sides.to.serverVersion);
  if (fromMajor === undefined || toMajor === undefined || fromMajor === toMajor) return undefined;
  const notCompared: string[] = [];
  let alignedFrom: Schema = { ...from, extensions: alignExtensions(from, to, sides, notCompared) };
  let alignedTo = to;
  if (fromMajor >= 17 && toMajor < 17) {
    alignedFrom = canonicalSchema(privilegesBefore17(alignedFrom, notCompared));
  } else if (toMajor >= 17 && fromMajor < 17) {
    alignedTo = canonicalSchema(privilegesBefore17(alignedTo, notCompared));
  }
  return { from: alignedFrom, to: alignedTo, notCompared };
}
