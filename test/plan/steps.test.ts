import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/diff/change.js';
import { dropOrder, topologicalOrder } from '../../src/plan/graph.js';
import { hazardMessage } from '../../src/plan/hazard-text.js';
import { withholdDestructive } from '../../src/plan/plan.js';
import { PlanSteps } from '../../src/plan/steps.js';

/** A made-up engine's steps: drops, then creations, then what sits on the created objects. */
const STEPS = ['drop', 'create', 'index', 'comment'] as const;

const change = (action: Change['action'], path: string, hazards: Change['hazards'] = []): Change => ({
  action,
  objectType: action === 'drop' || action === 'add' ? 'table' : 'column',
  path,
  table: path.split('.').slice(0, 2).join('.'),
  severity: 'warning',
  hazards,
});

const dropOrders = change('drop', 'app.orders', ['data-loss']);
const addInvoice = change('add', 'app.invoice');
const retype = change('alter', 'app.invoice.total', ['table-rewrite']);

describe('the step framework', () => {
  it('reads statements step by step, whatever order the planner wrote them in', () => {
    const steps = new PlanSteps(STEPS);
    steps.emit('comment', 'comment on invoice', addInvoice);
    steps.emit('index', 'index invoice', addInvoice);
    steps.emit('create', 'create invoice', addInvoice);
    steps.emit('drop', 'drop orders', dropOrders, dropOrders.hazards);
    steps.emit('create', 'create invoice_line', addInvoice);
    expect(steps.ordered().map((s) => s.sql)).toEqual([
      'drop orders',
      'create invoice',
      'create invoice_line',
      'index invoice',
      'comment on invoice',
    ]);
  });

  it('gives the hazards to the first statement of a change, with a sentence naming the object', () => {
    const steps = new PlanSteps(STEPS);
    steps.emit('create', ['alter invoice', 'update invoice'], retype, retype.hazards);
    const [first, second] = steps.ordered();
    expect(first?.hazards).toEqual([
      { hazard: 'table-rewrite', message: 'changes column app.invoice.total, rewriting table app.invoice' },
    ]);
    expect(second?.hazards).toEqual([]);
    expect([first?.change, second?.change]).toEqual(['app.invoice.total', 'app.invoice.total']);
  });

  it('runs a statement outside the transaction when told to or when a hazard says so', () => {
    const steps = new PlanSteps(STEPS);
    expect(steps.statement('a', retype, ['not-transactional']).transactional).toBe(false);
    expect(steps.statement('b', retype, [], false).transactional).toBe(false);
    expect(steps.statement('c', retype).transactional).toBe(true);
  });

  it('puts phases of a whole-schema script into the steps that run them, after what is there', () => {
    const steps = new PlanSteps(STEPS);
    steps.emit('index', 'index orders', dropOrders);
    steps.place({ Tables: ['create t'], Indexes: ['index t'] }, [
      ['Tables', 'create'],
      ['Indexes', 'index'],
    ]);
    steps.unshift('create', [steps.statement('create schema')]);
    expect(steps.ordered().map((s) => s.sql)).toEqual(['create schema', 'create t', 'index orders', 'index t']);
    expect(steps.isEmpty('drop')).toBe(true);
    expect(steps.isEmpty('index')).toBe(false);
  });

  it('lets the dialect word a hazard its own way and falls back to the general sentence', () => {
    const prose = (hazard: string, c: Change, verb: string) =>
      hazard === 'may-fail' ? `${verb} ${c.path}; the engine's own reason` : undefined;
    const steps = new PlanSteps(STEPS, prose);
    const statement = steps.statement('alter', retype, ['may-fail', 'table-rewrite']);
    expect(statement.hazards.map((h) => h.message)).toEqual([
      "changes app.invoice.total; the engine's own reason",
      'changes column app.invoice.total, rewriting table app.invoice',
    ]);
    expect(hazardMessage('data-loss', dropOrders)).toBe('drops table app.orders; its data is lost');
  });
});

describe('ordering', () => {
  it('creates what an object depends on first, whatever its rank; others by rank then name', () => {
    const node = (key: string, rank: number, dependsOn: string[] = []) => ({
      key,
      rank,
      sortName: key,
      dependsOn,
      statements: [`create ${key}`],
    });
    const ordered = topologicalOrder([
      node('table:a', 4),
      node('view:v', 0, ['table:b']),
      node('table:b', 4, ['type:t']),
      node('type:t', 1),
    ]);
    expect(ordered.map((n) => n.key)).toEqual(['type:t', 'table:b', 'view:v', 'table:a']);
  });

  it('drops dependents before what they depend on, unrelated objects in the reverse of the order given', () => {
    const drops = [
      { key: 'table:child', dependsOn: ['table:parent'], sql: 'drop child' },
      { key: 'table:parent', dependsOn: [], sql: 'drop parent' },
      { key: 'function:f', dependsOn: [], sql: 'drop f' },
    ];
    expect(dropOrder(drops).map((d) => d.sql)).toEqual(['drop f', 'drop child', 'drop parent']);
  });
});

describe('--safe', () => {
  const steps = new PlanSteps(STEPS);
  steps.emit('drop', 'drop orders', dropOrders, dropOrders.hazards);
  steps.emit('create', 'create invoice', addInvoice);
  steps.emit('index', 'alter total', retype, retype.hazards);
  const statements = steps.ordered();

  it('withholds the statements that lose data, keeping the order of the rest', () => {
    const plan = withholdDestructive(statements, true);
    expect(plan.statements.map((s) => s.sql)).toEqual(['create invoice', 'alter total']);
    expect(plan.withheld.map((s) => s.sql)).toEqual(['drop orders']);
  });

  it('withholds nothing without --safe', () => {
    expect(withholdDestructive(statements, false)).toEqual({ statements, withheld: [] });
  });
});
