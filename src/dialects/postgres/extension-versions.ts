import type { ExtensionDef, Schema } from '../../schema/model.js';
import { qualify } from './quote.js';

/** Compares extension versions part by part ("1.10" is after "1.9"); parts that are not numbers compare as text. */
export function compareExtensionVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const order = x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

/**
 * Whether going from one version of an extension to another is a downgrade. The
 * extensions PostgreSQL ships have update scripts only forwards, so a downgrade is a
 * DROP EXTENSION and a CREATE EXTENSION at the older version.
 */
export function isExtensionDowngrade(before: ExtensionDef, after: ExtensionDef): boolean {
  return compareExtensionVersions(after.version, before.version) < 0;
}

/**
 * The types columns may take from an extension: names in the extension's schema that
 * the schema itself does not define (its enums, domains, composite types, tables and
 * views). The model does not list an extension's members, so a type of another
 * extension in the same schema is counted too; moving such a column through text and
 * back costs a rewrite, nothing else.
 */
export function extensionTypeTest(schema: Schema, extension: ExtensionDef): (type: string) => boolean {
  const own = new Set(
    [...schema.enums, ...schema.domains, ...schema.compositeTypes, ...schema.tables, ...schema.views].map((t) =>
      qualify(t.schema, t.name),
    ),
  );
  const prefix = `${qualify(extension.schema, 'x').slice(0, -1)}`;
  return (type) => {
    const base = type.replace(/(\[\])+$/, '').replace(/\(.*\)$/, '');
    return base.startsWith(prefix) && !base.slice(prefix.length).includes('.') && !own.has(base);
  };
}
