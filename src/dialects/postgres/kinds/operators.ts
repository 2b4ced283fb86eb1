import { operatorKey } from '../../../schema/keys.js';
import type {
  FunctionMember,
  OperatorClassDef,
  OperatorDef,
  OperatorFamilyDef,
  OperatorMember,
} from '../../../schema/model-extensibility.js';
import { type CatalogScope, commentJoin, madeAfterInitdb, notExtensionMember, userNamespace } from '../catalog-sql.js';
import { qualify, quoteIdent } from '../quote.js';
import { type CatalogKind, type InPlaceChange, type Row, nonEmpty, optStr, str, withDependencies } from './kind.js';

const OWNER = (column: string) => `pg_get_userbyid(${column}) AS owner`;

/** `schema.op` of an operator given by the columns of its pg_operator and pg_namespace rows. */
const operatorName = (op: string, ns: string) => `quote_ident(${ns}.nspname) || '.' || ${op}.oprname`;

/** `OPERATOR(schema.op) (left, right)`-free name: `schema.op`, as CREATE OPERATOR takes it. */
const operatorSql = (o: OperatorDef) => `${quoteIdent(o.schema)}.${o.name}`;

const operatorArgs = (o: OperatorDef) => `(${o.left ?? 'NONE'}, ${o.right})`;

function toOperator(r: Row, includeOwners: boolean): OperatorDef {
  return {
    schema: str(r.schema),
    name: str(r.name),
    left: optStr(r.left_type),
    right: str(r.right_type),
    function: str(r.function),
    commutator: optStr(r.commutator),
    negator: optStr(r.negator),
    restrict: optStr(r.restrict),
    join: optStr(r.join_function),
    hashes: r.hashes === true,
    merges: r.merges === true,
    comment: optStr(r.comment),
    owner: includeOwners ? optStr(r.owner) : undefined,
  };
}

function createOperatorSql(o: OperatorDef): string {
  const options = [
    ...(o.left ? [`LEFTARG = ${o.left}`] : []),
    `RIGHTARG = ${o.right}`,
    `FUNCTION = ${o.function}`,
    ...(o.commutator ? [`COMMUTATOR = OPERATOR(${o.commutator})`] : []),
    ...(o.negator ? [`NEGATOR = OPERATOR(${o.negator})`] : []),
    ...(o.restrict ? [`RESTRICT = ${o.restrict}`] : []),
    ...(o.join ? [`JOIN = ${o.join}`] : []),
    ...(o.hashes ? ['HASHES'] : []),
    ...(o.merges ? ['MERGES'] : []),
  ];
  return `CREATE OPERATOR ${operatorSql(o)} (\n    ${options.join(',\n    ')}\n);`;
}

/** Operators (not shells), keyed by name and argument types. */
export const operators: CatalogKind<OperatorDef> = {
  list: 'operators',
  queries: (_version, scope) => ({
    operators: `
SELECT n.nspname AS schema, o.oprname AS name,
  CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END AS left_type, format_type(o.oprright, NULL) AS right_type,
  o.oprcode::text AS function,
  CASE WHEN o.oprcom <> 0 THEN ${operatorName('co', 'con')} END AS commutator,
  CASE WHEN o.oprnegate <> 0 THEN ${operatorName('ng', 'nn')} END AS negator,
  nullif(o.oprrest::text, '-') AS restrict, nullif(o.oprjoin::text, '-') AS join_function,
  o.oprcanhash AS hashes, o.oprcanmerge AS merges, ${OWNER('o.oprowner')}, d.description AS comment
FROM pg_operator o
JOIN pg_namespace n ON n.oid = o.oprnamespace
LEFT JOIN pg_operator co ON co.oid = o.oprcom LEFT JOIN pg_namespace con ON con.oid = co.oprnamespace
LEFT JOIN pg_operator ng ON ng.oid = o.oprnegate LEFT JOIN pg_namespace nn ON nn.oid = ng.oprnamespace
${commentJoin('d', 'pg_operator', 'o.oid')}
WHERE ${madeAfterInitdb('o.oid')} AND o.oprcode <> 0 AND ${userNamespace(scope)} AND ${notExtensionMember('pg_operator', 'o.oid')}`,
  }),
  read: (context) =>
    (context.rows.operators ?? []).map((r) => {
      const o = toOperator(r, context.includeOwners);
      return withDependencies(o, operatorKey(o), context);
    }),
  key: operatorKey,
  dependsOn: (o) => o.dependsOn ?? [],
  rank: 3.1,
  create: (o) => [createOperatorSql(o)],
  drop: (o) => `DROP OPERATOR ${operatorSql(o)} ${operatorArgs(o)};`,
  commentTarget: (o) => `OPERATOR ${operatorSql(o)} ${operatorArgs(o)}`,
  ownerKind: 'OPERATOR',
  // Selectivity estimators change in place; anything else redefines the operator.
  alter: (before, after) => {
    const definition = (o: OperatorDef) =>
      [o.function, o.commutator, o.negator, o.hashes === true, o.merges === true].join('\u0000');
    if (definition(before) !== definition(after)) return undefined;
    const set = `(RESTRICT = ${after.restrict ?? 'NONE'}, JOIN = ${after.join ?? 'NONE'})`;
    return { last: [`ALTER OPERATOR ${operatorSql(after)} ${operatorArgs(after)} SET ${set};`] };
  },
  rebuildsUsers: true,
};

// ---- operator families and classes ----

/** `regoperator` text `schema.op(left,right)` split into its name and argument list. */
function splitOperator(regoperator: string): { name: string; args: string } {
  const open = regoperator.lastIndexOf('(', regoperator.length - 2);
  return { name: regoperator.slice(0, open), args: regoperator.slice(open) };
}

function operatorMemberSql(m: OperatorMember): string {
  const { name, args } = splitOperator(m.operator);
  return `OPERATOR ${m.strategy} ${name} ${args.replaceAll(',', ', ')}${m.orderFamily ? ` FOR ORDER BY ${m.orderFamily}` : ''}`;
}

function functionMemberSql(m: FunctionMember): string {
  return `FUNCTION ${m.number} (${m.leftType}, ${m.rightType}) ${m.function}`;
}

function membersSql(def: { operators?: readonly OperatorMember[]; functions?: readonly FunctionMember[] }): string[] {
  return [...(def.operators ?? []).map(operatorMemberSql), ...(def.functions ?? []).map(functionMemberSql)];
}

type Members = { operators: OperatorMember[]; functions: FunctionMember[] };

/** Members of classes and families, by `class:oid` or `family:oid` of what holds them. */
function membersByHolder(rows: readonly Row[]): Map<string, Members> {
  const map = new Map<string, Members>();
  for (const r of rows) {
    const key = `${str(r.holder)}:${str(r.holder_oid)}`;
    const members = map.get(key) ?? { operators: [], functions: [] };
    map.set(key, members);
    if (r.member === 'operator') {
      members.operators.push({
        strategy: Number(r.number),
        operator: str(r.target),
        orderFamily: optStr(r.order_family),
      });
    } else {
      members.functions.push({
        number: Number(r.number),
        leftType: str(r.left_type),
        rightType: str(r.right_type),
        function: str(r.target),
      });
    }
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (const m of map.values()) {
    m.operators.sort((a, b) => a.strategy - b.strategy || order(a.operator, b.operator));
    m.functions.sort(
      (a, b) => a.number - b.number || order(`${a.leftType},${a.rightType}`, `${b.leftType},${b.rightType}`),
    );
  }
  return map;
}

const familyKey = (f: { readonly schema: string; readonly name: string; readonly method: string }) =>
  `operator family:${qualify(f.schema, f.name)} USING ${f.method}`;

const familyName = (f: OperatorFamilyDef) => `${qualify(f.schema, f.name)} USING ${f.method}`;

/** The members of operator classes and families (of the `scope`'s schemas when given), with what holds each: the class, or the family itself. */
const membersQuery = (scope: CatalogScope | undefined) => `
SELECT 'operator' AS member, CASE WHEN dep.refclassid = 'pg_opclass'::regclass THEN 'class' ELSE 'family' END AS holder,
  dep.refobjid::text AS holder_oid, ao.amopstrategy AS number, ao.amopopr::regoperator::text AS target,
  NULL::text AS left_type, NULL::text AS right_type,
  CASE WHEN ao.amoppurpose = 'o' THEN quote_ident(sn.nspname) || '.' || quote_ident(sf.opfname) END AS order_family
FROM pg_amop ao
JOIN pg_depend dep ON dep.classid = 'pg_amop'::regclass AND dep.objid = ao.oid
  AND dep.refclassid IN ('pg_opclass'::regclass, 'pg_opfamily'::regclass)
JOIN pg_opfamily f ON f.oid = ao.amopfamily
JOIN pg_namespace n ON n.oid = f.opfnamespace
LEFT JOIN pg_opfamily sf ON sf.oid = ao.amopsortfamily
LEFT JOIN pg_namespace sn ON sn.oid = sf.opfnamespace
WHERE ${madeAfterInitdb('ao.oid')} AND ${userNamespace(scope)}
UNION ALL
SELECT 'function', CASE WHEN dep.refclassid = 'pg_opclass'::regclass THEN 'class' ELSE 'family' END,
  dep.refobjid::text, ap.amprocnum, ap.amproc::regprocedure::text,
  format_type(ap.amproclefttype, NULL), format_type(ap.amprocrighttype, NULL), NULL
FROM pg_amproc ap
JOIN pg_depend dep ON dep.classid = 'pg_amproc'::regclass AND dep.objid = ap.oid
  AND dep.refclassid IN ('pg_opclass'::regclass, 'pg_opfamily'::regclass)
JOIN pg_opfamily f ON f.oid = ap.amprocfamily
JOIN pg_namespace n ON n.oid = f.opfnamespace
WHERE ${madeAfterInitdb('ap.oid')} AND ${userNamespace(scope)}`;

const memberKey = (m: OperatorMember | FunctionMember) =>
  'strategy' in m
    ? `OPERATOR ${m.strategy} ${splitOperator(m.operator).args}`
    : `FUNCTION ${m.number} (${m.leftType}, ${m.rightType})`;

/** Operator families with the members added to them directly; the members of their classes belong to the classes. */
export const operatorFamilies: CatalogKind<OperatorFamilyDef> = {
  list: 'operatorFamilies',
  queries: (_version, scope) => ({
    operatorFamilies: `
SELECT f.oid::text AS oid, n.nspname AS schema, f.opfname AS name, am.amname AS method,
  ${OWNER('f.opfowner')}, d.description AS comment
FROM pg_opfamily f
JOIN pg_namespace n ON n.oid = f.opfnamespace
JOIN pg_am am ON am.oid = f.opfmethod
${commentJoin('d', 'pg_opfamily', 'f.oid')}
WHERE ${madeAfterInitdb('f.oid')} AND ${userNamespace(scope)} AND ${notExtensionMember('pg_opfamily', 'f.oid')}`,
    operatorMembers: membersQuery(scope),
  }),
  read: (context) => {
    const members = membersByHolder(context.rows.operatorMembers ?? []);
    return (context.rows.operatorFamilies ?? []).map((r) => {
      const own = members.get(`family:${str(r.oid)}`);
      return {
        schema: str(r.schema),
        name: str(r.name),
        method: str(r.method),
        operators: own && nonEmpty(own.operators),
        functions: own && nonEmpty(own.functions),
        comment: optStr(r.comment),
        owner: context.includeOwners ? optStr(r.owner) : undefined,
      };
    });
  },
  key: familyKey,
  dependsOn: () => [],
  rank: 3.2,
  create: (f) => {
    const members = membersSql(f);
    return [
      `CREATE OPERATOR FAMILY ${familyName(f)};`,
      ...(members.length > 0 ? [`ALTER OPERATOR FAMILY ${familyName(f)} ADD\n    ${members.join(',\n    ')};`] : []),
    ];
  },
  drop: (f) => `DROP OPERATOR FAMILY ${familyName(f)};`,
  commentTarget: (f) => `OPERATOR FAMILY ${familyName(f)}`,
  ownerKind: 'OPERATOR FAMILY',
  // Members come and go with ALTER OPERATOR FAMILY … DROP / ADD.
  alter: (before, after) => {
    const all = (f: OperatorFamilyDef) => [...(f.operators ?? []), ...(f.functions ?? [])];
    const text = (m: OperatorMember | FunctionMember) =>
      'strategy' in m ? operatorMemberSql(m) : functionMemberSql(m);
    const kept = new Set(all(after).map(text));
    const had = new Set(all(before).map(text));
    const dropped = all(before).filter((m) => !kept.has(text(m)));
    const added = all(after).filter((m) => !had.has(text(m)));
    const statements: string[] = [];
    if (dropped.length > 0)
      statements.push(
        `ALTER OPERATOR FAMILY ${familyName(after)} DROP\n    ${dropped.map(memberKey).join(',\n    ')};`,
      );
    if (added.length > 0)
      statements.push(`ALTER OPERATOR FAMILY ${familyName(after)} ADD\n    ${added.map(text).join(',\n    ')};`);
    return { last: statements } satisfies InPlaceChange;
  },
};

function createClassSql(c: OperatorClassDef): string {
  const head = `CREATE OPERATOR CLASS ${qualify(c.schema, c.name)}${c.default ? ' DEFAULT' : ''} FOR TYPE ${c.type} USING ${c.method} FAMILY ${c.family} AS`;
  const items = [...membersSql(c), ...(c.storage ? [`STORAGE ${c.storage}`] : [])];
  return `${head}\n    ${items.join(',\n    ')};`;
}

/** Operator classes, each with its operators and support functions. */
export const operatorClasses: CatalogKind<OperatorClassDef> = {
  list: 'operatorClasses',
  queries: (_version, scope) => ({
    operatorClasses: `
SELECT c.oid::text AS oid, n.nspname AS schema, c.opcname AS name, am.amname AS method,
  format_type(c.opcintype, NULL) AS type, c.opcdefault AS is_default,
  quote_ident(fn.nspname) || '.' || quote_ident(f.opfname) AS family,
  CASE WHEN c.opckeytype <> 0 AND c.opckeytype <> c.opcintype THEN format_type(c.opckeytype, NULL) END AS storage,
  ${OWNER('c.opcowner')}, d.description AS comment
FROM pg_opclass c
JOIN pg_namespace n ON n.oid = c.opcnamespace
JOIN pg_am am ON am.oid = c.opcmethod
JOIN pg_opfamily f ON f.oid = c.opcfamily
JOIN pg_namespace fn ON fn.oid = f.opfnamespace
${commentJoin('d', 'pg_opclass', 'c.oid')}
WHERE ${madeAfterInitdb('c.oid')} AND ${userNamespace(scope)} AND ${notExtensionMember('pg_opclass', 'c.oid')}`,
  }),
  read: (context) => {
    const members = membersByHolder(context.rows.operatorMembers ?? []);
    return (context.rows.operatorClasses ?? []).map((r) => {
      const own = members.get(`class:${str(r.oid)}`);
      return {
        schema: str(r.schema),
        name: str(r.name),
        method: str(r.method),
        type: str(r.type),
        default: r.is_default === true,
        family: str(r.family),
        storage: optStr(r.storage),
        operators: own && nonEmpty(own.operators),
        functions: own && nonEmpty(own.functions),
        comment: optStr(r.comment),
        owner: context.includeOwners ? optStr(r.owner) : undefined,
      };
    });
  },
  key: (c) => `operator class:${qualify(c.schema, c.name)} USING ${c.method}`,
  dependsOn: (c) => {
    const dot = c.family.lastIndexOf('.');
    const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s);
    return [
      familyKey({ schema: unquote(c.family.slice(0, dot)), name: unquote(c.family.slice(dot + 1)), method: c.method }),
    ];
  },
  rank: 3.3,
  create: (c) => [createClassSql(c)],
  drop: (c) => `DROP OPERATOR CLASS ${qualify(c.schema, c.name)} USING ${c.method};`,
  commentTarget: (c) => `OPERATOR CLASS ${qualify(c.schema, c.name)} USING ${c.method}`,
  ownerKind: 'OPERATOR CLASS',
};
