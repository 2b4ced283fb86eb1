import { withSeverityRules } from '../../diff/severity.js';

/**
 * MySQL's additions to the core severity rules: differences in how rows are stored or
 * planned (row format, table options, partitions, a view's algorithm, a routine's
 * optimizer hints) do not change what the application reads and writes.
 */
export const mysqlSeverity = withSeverityRules({
  warningAttributes: {
    table: ['rowFormat', 'options', 'partitionBy', 'subpartitionBy', 'partitions'],
    view: ['algorithm'],
    function: ['deterministic', 'dataAccess'],
    procedure: ['dataAccess'],
    sequence: ['cache'],
  },
});
