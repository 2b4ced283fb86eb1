import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An `npx` that runs an installed package's bin as the real one does (the first
 * `node_modules/.bin/<name>` from the working directory up; `--no-install` and `-y` taken),
 * without starting npm: about 0.7 s a call on this machine, which the tests running a
 * workflow's or a hook's scripts step by step paid for every `npx schemaguard`. That the real
 * npx finds schemaguard's bin is checked where it matters once (test/cli/workflow.test.ts).
 */
const SHIM = `#!/bin/sh
while [ "$1" = "--no-install" ] || [ "$1" = "-y" ] || [ "$1" = "--yes" ]; do shift; done
name=$1
shift
dir=$(pwd)
while :; do
  if [ -x "$dir/node_modules/.bin/$name" ]; then exec "$dir/node_modules/.bin/$name" "$@"; fi
  [ "$dir" = / ] && break
  dir=$(dirname "$dir")
done
echo "npx: $name is not installed here" >&2
exit 127
`;

let folder: string | undefined;

/** The folder holding the shim, made once per process: put it first on a script's PATH. */
export function npxShimFolder(): string {
  if (!folder) {
    folder = mkdtempSync(join(tmpdir(), 'sg-npx-'));
    writeFileSync(join(folder, 'npx'), SHIM, { mode: 0o755 });
  }
  return folder;
}
