import { describe, expect, it } from 'vitest';
import { postgresEquivalence as eq } from '../../../src/dialects/postgres/equivalence.js';
import { typeChangeEffect } from '../../../src/dialects/postgres/hazards.js';

describe('PostgreSQL equivalence: spellings that mean the same thing', () => {
  it.each([
    ['int4', 'integer'],
    ['int', 'integer'],
    ['INT8', 'bigint'],
    ['varchar(40)', 'character varying(40)'],
    ['varchar', 'character varying'],
    ['timestamptz', 'timestamp with time zone'],
    ['timestamptz(3)', 'timestamp(3) with time zone'],
    ['timestamp', 'timestamp without time zone'],
    ['bool', 'boolean'],
    ['float8', 'double precision'],
    ['decimal(10, 2)', 'numeric(10,2)'],
    ['int4[]', 'integer[]'],
    ['pg_catalog.text', 'text'],
    ['bpchar(2)', 'character(2)'],
  ])('type %s is %s', (alias, canonical) => {
    expect(eq.type(alias)).toBe(eq.type(canonical));
  });

  it.each([
    ["'x'::text", "'x'"],
    ["'x'::character varying", "'x'::text"],
    ['now()', 'CURRENT_TIMESTAMP'],
    ['(now())', 'now()'],
    ['(0)::numeric', '0'],
    ["'0'::numeric", '0'],
    ["nextval('public.t_id_seq'::regclass)", "nextval('t_id_seq')"],
    ["'draft'::public.status", "'draft'"],
  ])('default %s is %s', (a, b) => {
    expect(eq.defaultExpression(a, 'text')).toBe(eq.defaultExpression(b, 'text'));
  });

  it.each([
    ["'x'", "'y'"],
    ['now()', "'2024-01-01'::timestamp with time zone"],
    ['1', '2'],
  ])('default %s is not %s', (a, b) => {
    expect(eq.defaultExpression(a, 'text')).not.toBe(eq.defaultExpression(b, 'text'));
  });

  it('compares expressions up to whitespace and outer parentheses, but not inside literals', () => {
    expect(eq.expression('((a > 0))')).toBe(eq.expression('a  >  0'));
    expect(eq.expression("(b = 'x  y')")).not.toBe(eq.expression("b = 'x y'"));
    expect(eq.viewDefinition(' SELECT a,\n    b\n   FROM t;')).toBe(eq.viewDefinition('SELECT a, b FROM t'));
  });
});

describe('what a column type change does to the table', () => {
  it.each([
    ['integer', 'bigint', { rewrite: true, narrowing: false }],
    ['bigint', 'integer', { rewrite: true, narrowing: true }],
    ['character varying(20)', 'character varying(100)', { rewrite: false, narrowing: false }],
    ['character varying(100)', 'character varying(20)', { rewrite: false, narrowing: true }],
    ['character varying(20)', 'text', { rewrite: false, narrowing: false }],
    ['text', 'character varying(10)', { rewrite: false, narrowing: true }],
    ['numeric(10,2)', 'numeric(12,2)', { rewrite: false, narrowing: false }],
    ['numeric(12,2)', 'numeric(10,2)', { rewrite: true, narrowing: true }],
    ['text', 'integer', { rewrite: true, narrowing: true }],
  ])('%s → %s', (before, after, effect) => {
    expect(typeChangeEffect(before, after)).toEqual(effect);
  });
});
