import { describe, expect, it } from 'vitest';
import { normalizeLegacyViewDefinition } from '../../../src/dialects/postgres/view-definition.js';

/* Pairs printed by pg_get_viewdef on PostgreSQL 15 and on 16+ for the same views. */
const PAIRS: [string, string, string][] = [
  [
    'single table, WHERE and ORDER BY, correlated subquery keeps its outer qualifier',
    ` SELECT vt.a,
    ( SELECT count(*) AS count
           FROM vt v2
          WHERE v2.a = vt.a) AS c
   FROM vt
  WHERE vt.b > 1
  ORDER BY vt.a;`,
    ` SELECT a,
    ( SELECT count(*) AS count
           FROM vt v2
          WHERE v2.a = vt.a) AS c
   FROM vt
  WHERE b > 1
  ORDER BY a;`,
  ],
  [
    'CTE body unchanged, top level over the CTE',
    ` WITH x AS (
         SELECT vt.a
           FROM vt
        )
 SELECT x.a
   FROM x;`,
    ` WITH x AS (
         SELECT vt.a
           FROM vt
        )
 SELECT a
   FROM x;`,
  ],
  [
    'alias, function in another schema keeps its qualifier',
    ' SELECT i.id,\n    fn.double_it(i.qty) AS d\n   FROM fn.items i;',
    ' SELECT id,\n    fn.double_it(qty) AS d\n   FROM fn.items i;',
  ],
  [
    'subquery in FROM',
    ' SELECT s.a\n   FROM ( SELECT vt.a\n           FROM vt) s;',
    ' SELECT a\n   FROM ( SELECT vt.a\n           FROM vt) s;',
  ],
  [
    'IN subquery',
    ' SELECT vt.a\n   FROM vt\n  WHERE (vt.a IN ( SELECT v3.b\n           FROM vt v3\n          WHERE v3.b > vt.a));',
    ' SELECT a\n   FROM vt\n  WHERE (a IN ( SELECT v3.b\n           FROM vt v3\n          WHERE v3.b > vt.a));',
  ],
  [
    'quoted names',
    ' SELECT "My T"."Col",\n    "My T".b\n   FROM public."My T";',
    ' SELECT "Col",\n    b\n   FROM public."My T";',
  ],
  [
    'string literal that looks like a reference',
    " SELECT t.a\n   FROM t\n  WHERE t.b = 't.a'::text;",
    " SELECT a\n   FROM t\n  WHERE b = 't.a'::text;",
  ],
];

const UNCHANGED: [string, string][] = [
  ['join', ' SELECT vt.a,\n    v2.b\n   FROM vt\n     JOIN vt v2 ON v2.a = vt.b;'],
  ['union', ' SELECT vt.a\n   FROM vt\nUNION\n SELECT vt.b AS a\n   FROM vt;'],
  ['two FROM items', ' SELECT a.x,\n    b.y\n   FROM a,\n    b;'],
  ['no FROM', ' SELECT 1 AS one;'],
  ['whole-row reference', ' SELECT t.*::text AS row\n   FROM t;'],
];

describe('view definitions printed by PostgreSQL 15 read as PostgreSQL 16+ prints them', () => {
  for (const [name, legacy, modern] of PAIRS) {
    it(name, () => {
      expect(normalizeLegacyViewDefinition(legacy)).toBe(modern);
      expect(normalizeLegacyViewDefinition(modern)).toBe(modern);
    });
  }
  for (const [name, definition] of UNCHANGED) {
    it(`leaves ${name} alone`, () => {
      expect(normalizeLegacyViewDefinition(definition)).toBe(definition);
    });
  }
});
