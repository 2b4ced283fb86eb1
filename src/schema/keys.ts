import type { FunctionDef, ObjectKey, Schema } from './model.js';
import type { OperatorDef } from './model-extensibility.js';

/** The kinds of object a {@link ObjectKey} can name. */
export type ObjectKind = 'table' | 'view' | 'sequence' | 'type' | 'function' | 'operator';

function keyPart(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** The key of an object: `table:public.asset`, `function:public.f(integer)`. */
export function objectKey(kind: ObjectKind, schema: string, name: string, args?: string | null): ObjectKey {
  const base = `${kind}:${keyPart(schema)}.${keyPart(name)}`;
  return args === undefined || args === null ? base : `${base}(${args})`;
}

/** The key of a function or procedure. */
export function functionKey(fn: Pick<FunctionDef, 'schema' | 'name' | 'identityArguments'>): ObjectKey {
  return objectKey('function', fn.schema, fn.name, fn.identityArguments);
}

/** The key of an operator: `operator:public."~="(numeric,numeric)`. */
export function operatorKey(o: Pick<OperatorDef, 'schema' | 'name' | 'left' | 'right'>): ObjectKey {
  return objectKey('operator', o.schema, o.name, `${o.left ?? 'NONE'},${o.right}`);
}

/** The keys of every object in a schema that others can depend on. */
export function objectKeys(schema: Schema): Set<ObjectKey> {
  const keys = new Set<ObjectKey>();
  for (const t of schema.tables) keys.add(objectKey('table', t.schema, t.name));
  for (const v of schema.views) keys.add(objectKey('view', v.schema, v.name));
  for (const s of schema.sequences) keys.add(objectKey('sequence', s.schema, s.name));
  for (const t of [...schema.enums, ...schema.domains, ...schema.compositeTypes]) {
    keys.add(objectKey('type', t.schema, t.name));
  }
  for (const f of schema.functions) keys.add(functionKey(f));
  // Aggregates are functions to whatever uses them.
  for (const a of schema.aggregates ?? []) keys.add(functionKey(a));
  for (const o of schema.operators ?? []) keys.add(operatorKey(o));
  return keys;
}
