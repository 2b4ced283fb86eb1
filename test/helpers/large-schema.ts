import { emptySchema, type Schema } from '../../src/schema/model.js';

/** A SQLite schema of `tables` tables of eight columns: about a kilobyte of snapshot text each. */
export function largeSchema(tables: number): Schema {
  return {
    ...emptySchema(),
    schemas: [{ name: 'main' }],
    tables: Array.from({ length: tables }, (_, t) => ({
      schema: 'main',
      name: `t${String(t).padStart(5, '0')}`,
      columns: [
        { name: 'id', type: 'INTEGER', notNull: true },
        ...Array.from({ length: 7 }, (_, c) => ({ name: `c${c}`, type: c % 2 === 0 ? 'TEXT' : 'REAL' })),
      ],
      constraints: [{ type: 'primary key' as const, name: `t${t}_pkey`, columns: ['id'] }],
    })),
  };
}
