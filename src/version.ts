import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** schemaguard's own version, from package.json. */
export const TOOL_VERSION: string = (require('../package.json') as { version: string }).version;
