/** Functions and procedures, and what uses the ones dropped and created again. */

import type { Change } from '../../../diff/change.js';
import { onlyDocs, syntheticChange } from '../../../plan/changes.js';
import { functionKey, objectKey } from '../../../schema/keys.js';
import type { FunctionDef } from '../../../schema/model.js';
import { addDomainCheckSql, createFunctionSql, functionSignature } from '../ddl.js';
import { qualify, quoteIdent } from '../quote.js';
import { type PlanState, qname } from './state.js';
import { rebuildUsers } from './users.js';

export function planFunction(p: PlanState, c: Change): void {
  const f = (c.after ?? c.before) as FunctionDef;
  if (c.action === 'add') return void p.created.functions.push(f);
  if (c.action === 'drop') return dropFunction(p, c.before as FunctionDef, c);
  const signature = functionSignature(c.after as FunctionDef);
  if (onlyDocs(c)) return p.docs(c, signature, signature, signature.split(' ')[0] as string);
  if (p.rebuiltFunctions.has(functionKey(c.before as FunctionDef))) {
    dropFunction(p, c.before as FunctionDef, c);
    p.created.functions.push(c.after as FunctionDef);
    return;
  }
  p.emit('replace functions', createFunctionSql(c.after as FunctionDef, true), c, c.hazards);
  p.docs(c, signature, signature, signature.split(' ')[0] as string);
}

function dropFunction(p: PlanState, f: FunctionDef, change: Change): void {
  p.dropLast(`DROP ${functionSignature(f)};`, change, functionKey(f), f.dependsOn);
}

/** Functions dropped and created again: their users in defaults, checks, indexes, policies and triggers go first. */
export function planFunctionUsers(p: PlanState): void {
  const names = [...p.rebuiltFunctions].map((key) => {
    const name = key.slice('function:'.length, key.indexOf('('));
    const [schema = '', fn = ''] = name.split('.');
    return `${qualify(schema.replaceAll('"', ''), fn.replaceAll('"', ''))}(`;
  });
  if (names.length === 0) return;
  const change = syntheticChange('function', names.join(', '));
  const calls = (text: string | undefined) => text !== undefined && names.some((n) => text.includes(n));
  rebuildUsers(p, calls, change, { defaults: true, generated: true });
  // Domain checks calling them, unless the domain's own change already drops and adds them.
  for (const domain of p.from.domains) {
    const key = objectKey('type', domain.schema, domain.name);
    const target = p.to.domains.find((d) => qname(d) === qname(domain));
    if (!target || p.replacedTypes.has(key)) continue;
    for (const check of domain.checks ?? []) {
      const next = target.checks?.find((x) => x.name === check.name);
      if (!next || next.expression !== check.expression || !calls(check.expression)) continue;
      if ((next.notValid === true) !== (check.notValid === true)) continue;
      const name = qualify(domain.schema, domain.name);
      p.emit('drop dependents', `ALTER DOMAIN ${name} DROP CONSTRAINT ${quoteIdent(check.name)};`, change);
      p.emit('alter tables', addDomainCheckSql(target, next), change);
    }
  }
}

/** Functions whose SQL body reads what is converted or dropped are dropped and created again. */
export function rebuildDisturbedFunctions(p: PlanState): void {
  for (const fn of p.from.functions) {
    const after = p.to.functions.find((f) => functionKey(f) === functionKey(fn));
    if (!after || p.rebuiltFunctions.has(functionKey(fn)) || !p.disturbed(fn.dependsOn)) continue;
    if (p.created.functions.includes(after)) continue;
    p.rebuiltFunctions.add(functionKey(fn));
    const change = syntheticChange('function', functionKey(fn).slice('function:'.length));
    dropFunction(p, fn, change);
    p.created.functions.push(after);
  }
}
