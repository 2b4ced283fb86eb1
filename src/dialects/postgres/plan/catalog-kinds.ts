/** Aggregates, operators, casts, text search objects and the other kinds of ../kinds/catalog-kinds.ts. */

import type { Change } from '../../../diff/change.js';
import { planCatalogKindChange } from '../kinds/index.js';
import type { PlanState } from './state.js';

export function planCatalogKind(p: PlanState, c: Change): void {
  planCatalogKindChange(c, {
    create: (list, object) => void ((p.created[list] ??= []) as object[]).push(object),
    drop: (sql, key, dependsOn) => p.dropLast(sql, c, key, dependsOn),
    emit: (when, sql) => p.emit(when === 'first' ? 'drop dependents' : 'replace functions', sql, c, c.hazards),
    docs: (target, ownerKind) => p.docs(c, target, undefined, ownerKind),
    rebuilt: (key) => (key.startsWith('function:') ? p.rebuiltFunctions : p.rebuiltObjects).add(key),
  });
}
