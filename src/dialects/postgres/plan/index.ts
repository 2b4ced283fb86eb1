/**
 * PostgreSQL's migration planner: its rules for each object kind (the files of this
 * folder) over the engine-neutral step framework, ordering and `--safe` of src/plan.
 */
import { SchemaguardError } from '../../../errors.js';

import type { Change } from '../../../diff/change.js';
import { type Plan, type PlanOptions, withholdDestructive } from '../../../plan/plan.js';
import type { Schema } from '../../../schema/model.js';
import { catalogKindHandlers, planKindChange } from '../kinds/index.js';
import { analyse } from './analysis.js';
import { planCatalogKind } from './catalog-kinds.js';
import { planColumn, planColumnTypeUsers, restoreDefaults } from './columns.js';
import { planConstraint, rebuildForeignKeys } from './constraints.js';
import { planCreated, planDrops } from './created.js';
import { planIndex } from './indexes.js';
import { planPolicy } from './policies.js';
import { rebuildDisturbedFunctions, planFunction, planFunctionUsers } from './routines.js';
import { planCollation, planExtension, planExtensionDowngrades, planSchema } from './schemas.js';
import { planSequence } from './sequences.js';
import { PlanState } from './state.js';
import { planRebuiltTables, planTable } from './tables.js';
import { planEventTrigger, planTrigger, rebuildTriggersOfFunctions } from './triggers.js';
import { planCompositeType, planDomain, planEnum, planTypeReplacements } from './types.js';
import { planReplacedViews, planView, planViewDrops, rebuildDisturbedViews, rebuildGroupingViews } from './views.js';

type KindPlanner = (p: PlanState, change: Change) => void;

const kindChange: KindPlanner = (p, c) => planKindChange(p.kindContext(c));

/** The rules that plan one change, by the kind of object it is about. */
const PLANNERS: Record<Change['objectType'], KindPlanner> = {
  schema: planSchema,
  extension: planExtension,
  collation: planCollation,
  enum: planEnum,
  domain: planDomain,
  'composite type': planCompositeType,
  sequence: planSequence,
  table: planTable,
  column: planColumn,
  constraint: planConstraint,
  index: planIndex,
  trigger: planTrigger,
  policy: planPolicy,
  view: planView,
  'materialized view': planView,
  function: planFunction,
  procedure: planFunction,
  'event trigger': planEventTrigger,
  'foreign data wrapper': kindChange,
  'foreign server': kindChange,
  'user mapping': kindChange,
  'foreign table': kindChange,
  rule: kindChange,
  statistics: kindChange,
  publication: kindChange,
  event: (_p, c) => {
    throw new SchemaguardError(`PostgreSQL has no scheduled events: ${c.path} comes from a MySQL schema.`);
  },
  ...catalogKindHandlers(planCatalogKind),
};

/**
 * What uses something dropped, converted or rebuilt is rebuilt around it: views, foreign
 * keys, triggers and functions; column defaults set aside come back.
 */
function planDependents(p: PlanState): void {
  rebuildGroupingViews(p);
  rebuildDisturbedViews(p);
  planReplacedViews(p);
  rebuildForeignKeys(p);
  rebuildTriggersOfFunctions(p);
  rebuildDisturbedFunctions(p);
  restoreDefaults(p);
  planViewDrops(p);
}

/** Turns schema changes into ordered PostgreSQL statements. */
export function planPostgres(changes: readonly Change[], from: Schema, to: Schema, options: PlanOptions = {}): Plan {
  const p = new PlanState(changes, from, to, options);
  analyse(p);
  for (const change of changes) PLANNERS[change.objectType](p, change);
  planRebuiltTables(p);
  planTypeReplacements(p);
  planExtensionDowngrades(p);
  planColumnTypeUsers(p);
  planFunctionUsers(p);
  planDependents(p);
  planCreated(p);
  planDrops(p);
  // Function bodies go unchecked at creation: they may use objects the plan creates after them.
  const createsFunctions = p.created.functions.length > 0 || !p.steps.isEmpty('replace functions');
  if (createsFunctions && p.steps.ordered().length > 0) p.emit('settings', 'SET check_function_bodies = false;');
  return withholdDestructive(p.steps.ordered(), options.safe);
}
