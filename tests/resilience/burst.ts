/** A valid nomination for the workplace `slug`, about a moment yesterday. */
export function nominationBody(slug: string, n: number) {
  return {
    workplace: slug,
    staffFirstName: `Zoë ${letters(n)}`,
    staffRole: 'barista',
    momentDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    momentPlace: 'au comptoir',
    category: 'presence',
    story: `Elle a pris le temps de m’expliquer chaque café, sans jamais me presser (${n}).`,
    nominatorName: 'Luc',
    nominatorEmail: 'luc@example.org',
    publicStoryConsent: true,
    lang: 'fr',
  };
}

// First names take letters only: the count written in base 26.
function letters(n: number): string {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `Z${out}`;
}

export type BurstResult = {
  /** Ids the server answered 201 for: it promised these are stored. */
  accepted: string[];
  /** Requests in flight when the connection was cut: they got no answer. */
  cut: number;
  /** Requests refused outright: nothing listened any more. */
  refused: number;
  /** Status codes other than 201, by code. */
  others: Record<number, number>;
};

/**
 * Sends nominations from `lanes` concurrent clients until `until()` says stop or a lane gets
 * anything but a 201; `onAccepted` sees the ids accepted so far after each 201.
 */
export async function nominationBurst(
  url: string,
  slug: string,
  options: { lanes: number; until: () => boolean; onAccepted?: (accepted: readonly string[]) => void },
): Promise<BurstResult> {
  const result: BurstResult = { accepted: [], cut: 0, refused: 0, others: {} };
  let n = 0;
  const lane = async () => {
    while (!options.until()) {
      let res: Response;
      let body: { id?: string } | null;
      try {
        res = await fetch(`${url}/api/v1/nominations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(nominationBody(slug, n++)),
        });
        body = (await res.json()) as { id?: string } | null;
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') result.refused++;
        else result.cut++;
        return;
      }
      if (res.status === 201 && body?.id) {
        result.accepted.push(body.id);
        options.onAccepted?.(result.accepted);
      } else {
        result.others[res.status] = (result.others[res.status] ?? 0) + 1;
        // Any other answer ends the lane, so a broken body cannot loop forever.
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: options.lanes }, lane));
  return result;
}
