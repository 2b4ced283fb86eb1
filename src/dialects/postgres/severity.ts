import { withSeverityRules } from '../../diff/severity.js';

/**
 * PostgreSQL's additions to the core severity rules: its own kinds of object (event
 * triggers, collations, statistics, publications) and attributes (identity, inheritance,
 * storage, access methods, function planner hints, sequence options, …) whose difference
 * does not break the application.
 */
export const postgresSeverity = withSeverityRules({
  warningObjects: ['event trigger', 'collation', 'statistics', 'publication'],
  warningAttributes: {
    // A serial column and an identity column number rows alike: reported, as a warning.
    // A child's column declared on the child too (or not) reads and writes alike.
    column: ['identity', 'inherited', 'compression', 'storage'],
    table: ['unlogged', 'accessMethod', 'replicaIdentity'],
    'materialized view': ['definition', 'options'],
    function: [
      'volatility',
      'strict',
      'securityDefiner',
      'leakproof',
      'parallel',
      'cost',
      'rows',
      'config',
      'sqlStandardBody',
    ],
    procedure: ['securityDefiner', 'config', 'sqlStandardBody'],
    sequence: ['start', 'increment', 'min', 'max', 'cache', 'cycle', 'ownedBy', 'unlogged'],
    domain: ['default'],
    extension: ['version', 'schema'],
  },
});
