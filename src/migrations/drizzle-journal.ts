/**
 * The validator of drizzle's `meta/_journal.json`, in a module of its own: formats.ts loads it
 * (and zod) only when a drizzle folder is read.
 */
import * as z from 'zod';

/** One entry of drizzle's journal, as the migration reader keeps it. */
export interface DrizzleEntry {
  readonly idx: number;
  readonly tag: string;
  readonly when?: number;
}

/** The journal's shape: the entries, each with its index, tag and time. */
export const drizzleJournal = z.object({
  entries: z.array(z.object({ idx: z.number().int(), tag: z.string().min(1), when: z.number().optional() })),
}) satisfies z.ZodType<{ entries: DrizzleEntry[] }>;
