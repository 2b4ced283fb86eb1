/**
 * The extensions the SQL replayed on a shadow database creates: an embedded shadow is
 * started with exactly those (each one costs start-up time), and the versions it pins
 * are compared across server versions.
 */
import { type ExtensionRequest, extensionRequest, pinnedExtensions } from '../dialects/postgres/extension-requests.js';
import { pgliteExtensionsFor } from '../dialects/postgres/pglite-extensions.js';
import { splitStatements } from '../migrations/formats.js';
import type { ShadowStep } from './shadow.js';

/** Every extension statement of the steps, in order, with the step it is in. */
function extensionRequests(steps: readonly ShadowStep[]): (ExtensionRequest & { readonly where: string })[] {
  return steps.flatMap((step) =>
    // Most steps never mention an extension: only those that do are split into statements.
    /extension/i.test(step.sql)
      ? splitStatements(step.sql).flatMap((statement) => {
          const request = extensionRequest(statement.sql);
          return request ? [{ ...request, where: step.label }] : [];
        })
      : [],
  );
}

/**
 * The extensions an embedded shadow database needs to replay the steps. Throws one
 * sentence, before any database starts, for an extension PGlite does not have.
 */
export function embeddedShadowExtensions(steps: readonly ShadowStep[]): string[] {
  return pgliteExtensionsFor(extensionRequests(steps).filter((r) => r.kind === 'create'));
}

/** The extensions whose version the steps pin (`VERSION '…'`, `UPDATE TO '…'`). */
export function extensionsPinnedBy(steps: readonly ShadowStep[]): string[] {
  return pinnedExtensions(extensionRequests(steps));
}
