/**
 * What a route is: a method, a path pattern and one small handler. Path
 * patterns are segments; `:name` takes one segment as a parameter and a
 * final `*` takes one or more. Handlers of one session's addresses are
 * wrapped by {@link withSession}, which answers 404 for a session that is
 * closed.
 *
 * @module
 */
import type { AppContext } from "../app_context.ts";
import { errorJSON } from "../responses.ts";
import type { Session } from "../sessions.ts";

/** One request as a handler sees it. */
export interface RouteCall {
  readonly request: Request;
  /** The request's address, parsed once. */
  readonly url: URL;
  /** The path's `:name` segments, as sent (not decoded). */
  readonly params: Readonly<Record<string, string>>;
}

/** A route's handler. */
export type RouteHandler = (call: RouteCall, context: AppContext) => Response | Promise<Response>;

/** One line of the route table. */
export interface Route {
  /** The HTTP method, or `*` for any. */
  readonly method: string;
  /** The path pattern, e.g. `/api/sessions/:session/files/:file`. */
  readonly path: string;
  readonly handler: RouteHandler;
}

/** A handler of one session's addresses. */
export type SessionHandler = (
  call: RouteCall,
  session: Session,
  context: AppContext,
) => Response | Promise<Response>;

/** The answer for a session id that is not (or no longer) open. */
export const SESSION_CLOSED =
  "Error: this analysis is closed (idle for too long, or the app restarted); upload the file again";

/**
 * A handler for a path with `:session`: finds the session (marking it as
 * seen) and calls `handler` with it, or answers 404 when it is closed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withSession } from "./route.ts";
 * import { json } from "../responses.ts";
 * import { SessionStore } from "../sessions.ts";
 * const store = await SessionStore.create();
 * const context = { store } as Parameters<ReturnType<typeof withSession>>[1];
 * const handler = withSession((_call, session) => json({ id: session.id }));
 * const call = (id: string) => ({ request: new Request("http://x/"), url: new URL("http://x/"),
 *   params: { session: id } });
 * assert.equal((await handler(call("nope"), context)).status, 404);
 * const session = await store.open();
 * assert.deepEqual(await (await handler(call(session.id), context)).json(), { id: session.id });
 * await store.closeAll();
 * ```
 */
export function withSession(handler: SessionHandler): RouteHandler {
  return (call, context) => {
    const session = context.store.get(call.params.session ?? "");
    if (session === undefined) return errorJSON(SESSION_CLOSED, 404);
    return handler(call, session, context);
  };
}

/**
 * The parameters of a path matched against a pattern, or undefined when it
 * does not match. Empty segments are ignored (`/api//sessions/` is
 * `/api/sessions`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matchPath } from "./route.ts";
 * assert.deepEqual(matchPath("/api/sessions/:session", "/api/sessions/s1"), { session: "s1" });
 * assert.deepEqual(matchPath("/api/sessions/:session/*", "/api/sessions/s1/a/b"),
 *   { session: "s1" });
 * assert.equal(matchPath("/api/sessions/:session", "/api/sessions/s1/close"), undefined);
 * assert.deepEqual(matchPath("/", "/"), {});
 * ```
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = segments(pattern);
  const got = segments(pathname);
  const rest = want.at(-1) === "*";
  const fixed = rest ? want.length - 1 : want.length;
  if (rest ? got.length <= fixed : got.length !== fixed) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < fixed; i++) {
    const w = want[i]!;
    if (w.startsWith(":")) params[w.slice(1)] = got[i]!;
    else if (w !== got[i]) return undefined;
  }
  return params;
}

function segments(path: string): string[] {
  return path.split("/").filter((p) => p !== "");
}
