import { functionKey } from '../../../schema/keys.js';
import type { AggregateDef } from '../../../schema/model-extensibility.js';
import { commentJoin, madeAfterInitdb, notExtensionMember, userNamespace } from '../catalog-sql.js';
import { qualify, quoteLiteral } from '../quote.js';
import { type CatalogKind, type Row, optStr, str, withDependencies } from './kind.js';

/** A regproc column as text, NULL when unset (`-`). */
const proc = (column: string) => `nullif(${column}::text, '-')`;

const MODIFY = { r: 'READ_ONLY', s: 'SHAREABLE', w: 'READ_WRITE' } as const;

function modify(value: unknown, byDefault: string): AggregateDef['finalModify'] {
  const word = MODIFY[str(value) as keyof typeof MODIFY];
  return word === byDefault ? undefined : word;
}

const positive = (v: unknown) => (Number(v) > 0 ? Number(v) : undefined);

function toAggregate(r: Row, includeOwners: boolean): AggregateDef {
  const normal = r.kind === 'n';
  return {
    schema: str(r.schema),
    name: str(r.name),
    identityArguments: str(r.identity_arguments),
    arguments: str(r.arguments),
    returns: str(r.returns),
    kind: r.kind === 'o' ? 'ordered-set' : r.kind === 'h' ? 'hypothetical-set' : undefined,
    stateFunction: str(r.sfunc),
    stateType: str(r.stype),
    stateSpace: positive(r.sspace),
    finalFunction: optStr(r.finalfunc),
    finalExtra: r.final_extra === true,
    finalModify: modify(r.final_modify, normal ? 'READ_ONLY' : 'READ_WRITE'),
    combineFunction: optStr(r.combinefunc),
    serialFunction: optStr(r.serialfunc),
    deserialFunction: optStr(r.deserialfunc),
    initialCondition: optStr(r.initval),
    movingStateFunction: optStr(r.msfunc),
    movingInverseFunction: optStr(r.minvfunc),
    movingStateType: optStr(r.mstype),
    movingStateSpace: positive(r.msspace),
    movingFinalFunction: optStr(r.mfinalfunc),
    movingFinalExtra: r.mfinal_extra === true,
    movingInitialCondition: optStr(r.minitval),
    movingFinalModify:
      r.msfunc === null ? undefined : (modify(r.mfinal_modify, 'READ_ONLY') as AggregateDef['movingFinalModify']),
    sortOperator: optStr(r.sortop),
    parallel: r.parallel === 's' ? 'SAFE' : r.parallel === 'r' ? 'RESTRICTED' : undefined,
    comment: optStr(r.comment),
    owner: includeOwners ? optStr(r.owner) : undefined,
  };
}

/** `name(args)` as CREATE/DROP AGGREGATE take it: `*` for no arguments. */
function signature(a: AggregateDef, args: string): string {
  return `${qualify(a.schema, a.name)}(${args === '' ? '*' : args})`;
}

/** The options of CREATE AGGREGATE, in the order the documentation lists them. */
function options(a: AggregateDef): string[] {
  const out = [`SFUNC = ${a.stateFunction}`, `STYPE = ${a.stateType}`];
  const add = (name: string, value: string | number | boolean | undefined, literal = false) => {
    if (value === undefined || value === false) return;
    out.push(value === true ? name : `${name} = ${literal ? quoteLiteral(String(value)) : String(value)}`);
  };
  add('SSPACE', a.stateSpace);
  add('FINALFUNC', a.finalFunction);
  add('FINALFUNC_EXTRA', a.finalExtra);
  add('FINALFUNC_MODIFY', a.finalModify);
  add('COMBINEFUNC', a.combineFunction);
  add('SERIALFUNC', a.serialFunction);
  add('DESERIALFUNC', a.deserialFunction);
  add('INITCOND', a.initialCondition, true);
  add('MSFUNC', a.movingStateFunction);
  add('MINVFUNC', a.movingInverseFunction);
  add('MSTYPE', a.movingStateType);
  add('MSSPACE', a.movingStateSpace);
  add('MFINALFUNC', a.movingFinalFunction);
  add('MFINALFUNC_EXTRA', a.movingFinalExtra);
  add('MFINALFUNC_MODIFY', a.movingFinalModify);
  add('MINITCOND', a.movingInitialCondition, true);
  add('SORTOP', a.sortOperator && `OPERATOR(${a.sortOperator})`);
  add('PARALLEL', a.parallel);
  add('HYPOTHETICAL', a.kind === 'hypothetical-set');
  return out;
}

function createSql(a: AggregateDef, orReplace = false): string {
  const body = options(a).join(',\n    ');
  return `CREATE ${orReplace ? 'OR REPLACE ' : ''}AGGREGATE ${signature(a, a.arguments)} (\n    ${body}\n);`;
}

/**
 * Aggregates: plain, ordered-set and hypothetical-set, with their moving-aggregate
 * options. They are functions to whatever uses them (views, defaults), and keyed so.
 */
export const aggregates: CatalogKind<AggregateDef> = {
  list: 'aggregates',
  queries: (_version, scope) => ({
    aggregates: `
SELECT n.nspname AS schema, p.proname AS name, a.aggkind AS kind,
  pg_get_function_identity_arguments(p.oid) AS identity_arguments, pg_get_function_arguments(p.oid) AS arguments,
  pg_get_function_result(p.oid) AS returns,
  a.aggtransfn::text AS sfunc, format_type(a.aggtranstype, NULL) AS stype, a.aggtransspace AS sspace,
  ${proc('a.aggfinalfn')} AS finalfunc, a.aggfinalextra AS final_extra, a.aggfinalmodify AS final_modify,
  ${proc('a.aggcombinefn')} AS combinefunc, ${proc('a.aggserialfn')} AS serialfunc,
  ${proc('a.aggdeserialfn')} AS deserialfunc, a.agginitval AS initval,
  ${proc('a.aggmtransfn')} AS msfunc, ${proc('a.aggminvtransfn')} AS minvfunc,
  CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END AS mstype, a.aggmtransspace AS msspace,
  ${proc('a.aggmfinalfn')} AS mfinalfunc, a.aggmfinalextra AS mfinal_extra, a.aggmfinalmodify AS mfinal_modify,
  a.aggminitval AS minitval,
  CASE WHEN a.aggsortop <> 0 THEN quote_ident(son.nspname) || '.' || so.oprname END AS sortop,
  p.proparallel AS parallel, pg_get_userbyid(p.proowner) AS owner, d.description AS comment
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_operator so ON so.oid = a.aggsortop
LEFT JOIN pg_namespace son ON son.oid = so.oprnamespace
${commentJoin('d', 'pg_proc', 'p.oid')}
WHERE ${madeAfterInitdb('a.aggfnoid')} AND ${userNamespace(scope)} AND ${notExtensionMember('pg_proc', 'p.oid')}`,
  }),
  read: (context) =>
    (context.rows.aggregates ?? []).map((r) => {
      const a = toAggregate(r, context.includeOwners);
      return withDependencies(a, functionKey(a), context);
    }),
  key: functionKey,
  dependsOn: (a) => a.dependsOn ?? [],
  rank: 3.4,
  create: (a) => [createSql(a)],
  drop: (a) => `DROP AGGREGATE ${signature(a, a.identityArguments)};`,
  commentTarget: (a) => `AGGREGATE ${signature(a, a.identityArguments)}`,
  ownerKind: 'AGGREGATE',
  // CREATE OR REPLACE keeps the aggregate's users, but cannot change its kind or result type.
  alter: (before, after) =>
    before.kind === after.kind && before.returns === after.returns && before.arguments === after.arguments
      ? { last: [createSql(after, true)] }
      : undefined,
  rebuildsUsers: true,
};
