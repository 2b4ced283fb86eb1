/**
 * The plan's timeouts line names the settings the runner sets on the server it runs on:
 * MariaDB's `max_statement_time`, MySQL's `max_execution_time`, `lock_wait_timeout` on both.
 * (The MariaDB line as a run prints it is checked by demo.test.ts on the test server.)
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/dialects/dialect.js';
import { describeTimeouts } from '../../../src/workflows/protocol.js';
import { mysql } from '../../helpers/mysql-databases.js';

/** A connection to a server of this flavour, as far as the settings' names depend on it. */
const on = (flavour: 'MySQL' | 'MariaDB') => ({ server: { flavour, version: '1' } }) as unknown as Connection;

const TIMEOUTS = { lockTimeoutMs: 5000, statementTimeoutMs: 1_800_000, lockRetries: 3 };

describe('the timeouts line on MySQL and MariaDB', () => {
  it('names max_execution_time on MySQL and max_statement_time on MariaDB, lock_wait_timeout on both', () => {
    for (const [flavour, statement] of [
      ['MySQL', 'max_execution_time'],
      ['MariaDB', 'max_statement_time'],
    ] as const) {
      const line = describeTimeouts(TIMEOUTS, false, mysql.migrations.timeoutSettings(on(flavour)));
      expect(line).toBe(
        `Timeouts: each statement waits at most 5 s for a lock (lock_wait_timeout; a migration that times out waiting is tried again from the statement that timed out, up to 3 times) and runs at most 30 min (${statement}).`,
      );
    }
  });
});
