/**
 * A canary password: every character a generated password may hold that a URL must
 * percent-encode, `/ @ : # ? & %` and a space, between numbered marks. Finding any mark
 * (`Kq1Zw` … `Kq9Zw`, long enough not to turn up by chance in compressed files) in an output
 * or a file finds a leak, even of a piece of the password
 * cut at one of the special characters, written as it is or percent-encoded.
 */
export const CANARY = 'Kq1Zw/Kq2Zw@Kq3Zw:Kq4Zw#Kq5Zw?Kq6Zw&Kq7Zw%Kq8Zw Kq9Zw';

/** Matches any piece of {@link CANARY}. */
export const CANARY_PIECE = /Kq\dZw/;

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
