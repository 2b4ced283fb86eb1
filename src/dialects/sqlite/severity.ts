import { withSeverityRules } from '../../diff/severity.js';

/**
 * SQLite's additions to the core severity rules: `WITHOUT ROWID` changes how rows are
 * stored, not what the application reads and writes.
 */
export const sqliteSeverity = withSeverityRules({
  warningAttributes: { table: ['withoutRowid'] },
});
