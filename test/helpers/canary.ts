/**
 * A canary password: every character a generated password may hold that a URL must
 * percent-encode, `/ @ : # ? & %` and a space, between numbered marks. Finding any mark
 * (`Kq1` … `Kq9`) in an output or a file finds a leak, even of a piece of the password
 * cut at one of the special characters, written as it is or percent-encoded.
 */
export const CANARY = 'Kq1/Kq2@Kq3:Kq4#Kq5?Kq6&Kq7%Kq8 Kq9';

/** Matches any piece of {@link CANARY}. */
export const CANARY_PIECE = /Kq\d/;

/** A server URL whose password is the canary left unencoded: malformed. */
export function unencodedCanaryUrl(user: string, hostPort: string, database: string): string {
  return `postgres://${user}:${CANARY}@${hostPort}/${database}`;
}

/** A server URL whose password is the canary, percent-encoded: well-formed. */
export function encodedCanaryUrl(user: string, hostPort: string, database: string): string {
  return `postgres://${user}:${encodeURIComponent(CANARY)}@${hostPort}/${database}`;
}

/** Runs `work` over `items`, at most `limit` at a time, and resolves to their results in order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
