/**
 * Who may use the app: every request must name one of the app's own hosts
 * (against DNS rebinding), come from the app's own origin when it changes
 * anything, and carry the printed token (first visit) or the session
 * cookie. The cookie holds a separate random session secret, never the
 * token: browsers do not keep cookies apart by port, so any other server on
 * the same host name may receive it, and it must not reveal the token.
 * Malformed requests (a `Host` that is no host) are refused with 400 or 403,
 * not an error.
 *
 * @module
 */
import { plainText, respond } from "./responses.ts";

/** What the app accepts. */
export interface AccessRules {
  /** The token printed with the address (in `?token=` on the first visit). */
  readonly token: string;
  /** The session secret the cookie carries once the token was shown. */
  readonly secret: string;
  /** The cookie's name (one per port, so two apps do not overwrite each other's). */
  readonly cookieName: string;
  /** `Host` values accepted (`host:port`), e.g. `127.0.0.1:8765` and `localhost:8765`. */
  readonly hosts: ReadonlySet<string>;
}

/** The request may go on to its route (with its parsed address), or gets this answer. */
export type Admission = { url: URL } | { response: Response };

/**
 * A random secret: `bytes` random bytes as lowercase hex.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomSecret } from "./access.ts";
 * assert.match(randomSecret(), /^[0-9a-f]{64}$/);
 * assert.notEqual(randomSecret(), randomSecret());
 * ```
 */
export function randomSecret(bytes = 32): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(bytes)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

/**
 * The rules for an app listening on this host name and port, with a new
 * session secret.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { accessRules } from "./access.ts";
 * const rules = accessRules({ hostname: "127.0.0.1", port: 8765, token: "t" });
 * assert.ok(rules.hosts.has("localhost:8765"));
 * assert.equal(rules.cookieName, "segment_app_8765");
 * assert.notEqual(rules.secret, "t");
 * ```
 */
export function accessRules(
  options: { hostname: string; port: number; token: string },
): AccessRules {
  const { hostname, port, token } = options;
  return {
    token,
    secret: randomSecret(),
    cookieName: `segment_app_${port}`,
    hosts: new Set([
      `${shownHost(hostname)}:${port}`,
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
    ]),
  };
}

/**
 * A host name as written in an address: IPv6 in brackets.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shownHost } from "./access.ts";
 * assert.equal(shownHost("::1"), "[::1]");
 * assert.equal(shownHost("127.0.0.1"), "127.0.0.1");
 * ```
 */
export function shownHost(hostname: string): string {
  return hostname.includes(":") ? `[${hostname}]` : hostname;
}

/**
 * Admit a request or answer it: 403 for a foreign `Host`, a cross-origin
 * change or a missing or wrong token or cookie; 400 for an address that
 * cannot be read; 303 to `/` with the session cookie for the first visit
 * with the token.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { accessRules, admit } from "./access.ts";
 * const rules = accessRules({ hostname: "127.0.0.1", port: 8765, token: "t0k3n" });
 * const first = admit(new Request("http://127.0.0.1:8765/?token=t0k3n",
 *   { headers: { host: "127.0.0.1:8765" } }), rules);
 * assert.ok("response" in first && first.response.status === 303);
 * const cookie = first.response.headers.get("set-cookie")!.split(";")[0]!;
 * assert.equal(cookie, `segment_app_8765=${rules.secret}`);
 * const next = admit(new Request("http://127.0.0.1:8765/app.js",
 *   { headers: { host: "127.0.0.1:8765", cookie } }), rules);
 * assert.ok("url" in next);
 * const foreign = admit(new Request("http://127.0.0.1:8765/",
 *   { headers: { host: "attacker.example", cookie } }), rules);
 * assert.ok("response" in foreign && foreign.response.status === 403);
 * ```
 */
export function admit(request: Request, rules: AccessRules): Admission {
  const host = request.headers.get("host") ?? "";
  if (!rules.hosts.has(host)) {
    return { response: plainText("Forbidden: unexpected Host header", 403) };
  }
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { response: plainText("Bad request: the address cannot be read", 400) };
  }
  const origin = request.headers.get("origin");
  if (
    origin !== null && request.method !== "GET" &&
    !rules.hosts.has(origin.replace(/^https?:\/\//, ""))
  ) {
    return { response: plainText("Forbidden: cross-origin request", 403) };
  }
  const given = url.searchParams.get("token");
  const viaQuery = given !== null && sameSecret(given, rules.token);
  const fromCookie = cookieValue(request, rules.cookieName);
  const viaCookie = fromCookie !== undefined && sameSecret(fromCookie, rules.secret);
  if (!viaQuery && !viaCookie) {
    return {
      response: plainText(
        "Forbidden: open the address with the token that deno task app printed",
        403,
      ),
    };
  }
  if (viaQuery && request.method === "GET" && url.pathname === "/") {
    return {
      response: respond(null, 303, {
        location: "/",
        "set-cookie": `${rules.cookieName}=${rules.secret}; Path=/; HttpOnly; SameSite=Strict`,
      }),
    };
  }
  return { url };
}

/** Compare two secrets in time independent of where they differ. */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}
