/**
 * The app's responses: every one carries the security headers (a
 * Content-Security-Policy allowing scripts from the app only, no sniffing,
 * no framing, no caching, no referrer), whether it is a page, a download, a
 * JSON answer or a refusal.
 *
 * @module
 */

/** The Content-Security-Policy on every response: scripts from the app only, nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Charts carry inline style attributes and <style> elements (Observable Plot).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The headers on every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

/**
 * A response with the security headers, plus the headers given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CONTENT_SECURITY_POLICY, respond } from "./responses.ts";
 * const r = respond("hello", 200, { "content-type": "text/plain; charset=utf-8" });
 * assert.equal(r.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
 * assert.equal(await r.text(), "hello");
 * ```
 */
export function respond(
  body: BodyInit | null,
  status: number,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, { status, headers: { ...SECURITY_HEADERS, ...headers } });
}

/**
 * A JSON answer with the security headers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { json } from "./responses.ts";
 * const r = json({ closed: true });
 * assert.equal(r.status, 200);
 * assert.deepEqual(await r.json(), { closed: true });
 * ```
 */
export function json(value: unknown, status = 200): Response {
  return respond(JSON.stringify(value), status, {
    "content-type": "application/json; charset=utf-8",
  });
}

/**
 * A JSON error answer, `{ "error": message }`, as the page shows it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorJSON } from "./responses.ts";
 * const r = errorJSON("not found", 404);
 * assert.deepEqual([r.status, await r.json()], [404, { error: "not found" }]);
 * ```
 */
export function errorJSON(message: string, status: number): Response {
  return json({ error: message }, status);
}

/**
 * A plain-text answer (refusals and pages not found).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plainText } from "./responses.ts";
 * const r = plainText("Not found", 404);
 * assert.equal(r.headers.get("content-type"), "text/plain; charset=utf-8");
 * ```
 */
export function plainText(message: string, status: number): Response {
  return respond(message, status, { "content-type": "text/plain; charset=utf-8" });
}
