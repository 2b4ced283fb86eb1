import type { WorkflowContext } from '../../src/workflows/context.js';

/** A workflow context for a program: what its reporter was told, kept per channel; nobody to ask. */
export interface RecordingContext extends WorkflowContext {
  readonly said: {
    readonly info: string[];
    readonly warn: string[];
    readonly notes: string[];
    readonly shown: string[];
  };
}

/** A context running in `cwd` with `env`, recording what the workflow reports. */
export function recordingContext(cwd: string, env: Record<string, string | undefined> = {}): RecordingContext {
  const said = { info: [] as string[], warn: [] as string[], notes: [] as string[], shown: [] as string[] };
  return {
    cwd,
    env,
    said,
    reporter: {
      progress() {},
      doneProgress() {},
      info: (line) => said.info.push(line),
      warn: (line) => said.warn.push(line),
      noteOnce: (line) => {
        if (!said.notes.includes(line)) said.notes.push(line);
      },
      show: (text) => said.shown.push(text),
    },
    prompter: { interactive: false, ask: async () => undefined },
  };
}
