import type { Connection } from '../../src/dialects/dialect.js';
import type { Pair } from './pairs.js';

/** A direction of a diff pair: A→B migrates A to B, B→A migrates B to A. */
export type PairDirection = 'A→B' | 'B→A';

/** One direction of a loaded pair: the database holding its first side, and both sides as read. */
export interface LoadedDirection<S> {
  /** Holds the first side of the direction (A for A→B): the database to migrate. */
  readonly client: Connection;
  /** The first side, read from `client` before anything else ran on it. */
  readonly from: S;
  /** The second side, read from the other database. */
  readonly to: S;
}

/** Waits for both, then throws the first failure: nothing is left running on either database. */
async function both<T>(first: Promise<T>, second: Promise<T>): Promise<[T, T]> {
  const [x, y] = await Promise.allSettled([first, second]);
  if (x.status === 'rejected') throw x.reason;
  if (y.status === 'rejected') throw y.reason;
  return [x.value, y.value];
}

/** Freezes `value` and everything it holds. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

async function load(client: Connection, sql: string, what: string): Promise<void> {
  try {
    await client.exec(sql);
  } catch (error) {
    throw new Error(`${what} failed to load: ${(error as Error).message}`);
  }
}

/**
 * Loads each pair once for both its directions: A into the first database, B into the second,
 * each read once. A→B then migrates the first database to B as read from the second, and B→A
 * the second to A as read from the first before A→B touched it. Each direction takes its
 * database once: asked again for a direction already handed out (a retry, another pair),
 * it loads both sides anew. `fresh` gives the two empty databases (two sessions of a target).
 */
export function pairDatabases<S>(
  fresh: readonly [() => Promise<Connection>, () => Promise<Connection>],
  read: (client: Connection) => Promise<S>,
): (pair: Pair, direction: PairDirection) => Promise<LoadedDirection<S>> {
  let current:
    { pair: Pair; taken: Set<PairDirection>; loaded: Promise<Record<PairDirection, LoadedDirection<S>>> } | undefined;

  const side = async (open: () => Promise<Connection>, pair: Pair, which: 'a' | 'b') => {
    const other = which === 'a' ? 'b' : 'a';
    let client = await open();
    if (pair.tags.has('roles')) {
      // Roles belong to the cluster, not the database: each side's cluster needs the other's too.
      await load(client, pair[other], `${other}.sql (for its roles)`);
      client = await open();
    }
    await load(client, pair[which], `${which}.sql`);
    // Both directions compare against it: frozen, so that neither can change it for the other.
    return { client, schema: deepFreeze(await read(client)) };
  };

  return async (pair, direction) => {
    if (current?.pair !== pair || current.taken.has(direction)) {
      const loaded = both(side(fresh[0], pair, 'a'), side(fresh[1], pair, 'b')).then(([a, b]) => ({
        'A→B': { client: a.client, from: a.schema, to: b.schema },
        'B→A': { client: b.client, from: b.schema, to: a.schema },
      }));
      current = { pair, taken: new Set(), loaded };
    }
    current.taken.add(direction);
    return (await current.loaded)[direction];
  };
}
