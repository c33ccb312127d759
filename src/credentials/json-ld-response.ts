const JSON_LD = 'application/ld+json; charset=utf-8';

/** A JSON-LD document, readable by validators that ask for ld+json or plain JSON. */
export function jsonLd(body: unknown, cache = 'public, max-age=300'): Response {
  return jsonLdText(JSON.stringify(body), cache);
}

/** A JSON-LD document already written as text, open to any origin, with the given Cache-Control. */
export function jsonLdText(text: string, cache: string): Response {
  return new Response(text, {
    headers: { 'Content-Type': JSON_LD, 'Cache-Control': cache, 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff' },
  });
}
