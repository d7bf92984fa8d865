/**
 * The app's addresses, one line each, and the dispatch of a request to the
 * first line whose method and path fit. A request no line fits gets 404.
 *
 * @module
 */
import type { AppContext } from "../app_context.ts";
import { errorJSON, plainText } from "../responses.ts";
import { deleteModel, getAssign, putModel, startAssign } from "./assign_routes.ts";
import { download } from "./download_route.ts";
import { matchPath, type Route, type RouteCall, withSession } from "./route.ts";
import {
  analyseSession,
  cancelSession,
  closeSession,
  createSession,
  getSession,
} from "./session_routes.ts";
import { servePage, serveScript, serveStyles } from "./static_routes.ts";

const methodNotAllowed = () => errorJSON("method not allowed", 405);

/** Every address of the app, in the order they are tried. */
export const ROUTES: readonly Route[] = [
  { method: "GET", path: "/", handler: servePage },
  { method: "GET", path: "/app.js", handler: serveScript },
  { method: "GET", path: "/app.css", handler: serveStyles },
  { method: "POST", path: "/api/sessions", handler: createSession },
  { method: "*", path: "/api/sessions", handler: methodNotAllowed },
  { method: "GET", path: "/api/sessions/:session", handler: withSession(getSession) },
  { method: "DELETE", path: "/api/sessions/:session", handler: withSession(closeSession) },
  { method: "*", path: "/api/sessions/:session", handler: withSession(methodNotAllowed) },
  { method: "POST", path: "/api/sessions/:session/close", handler: withSession(closeSession) },
  { method: "POST", path: "/api/sessions/:session/analyse", handler: withSession(analyseSession) },
  { method: "POST", path: "/api/sessions/:session/cancel", handler: withSession(cancelSession) },
  { method: "POST", path: "/api/sessions/:session/model", handler: withSession(putModel) },
  { method: "DELETE", path: "/api/sessions/:session/model", handler: withSession(deleteModel) },
  { method: "GET", path: "/api/sessions/:session/assign", handler: withSession(getAssign) },
  { method: "POST", path: "/api/sessions/:session/assign", handler: withSession(startAssign) },
  { method: "GET", path: "/api/sessions/:session/files/:file", handler: withSession(download) },
  {
    method: "*",
    path: "/api/sessions/:session/*",
    handler: withSession(() => errorJSON("not found", 404)),
  },
];

/**
 * Answer an admitted request by the first route whose method and path fit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dispatch, ROUTES } from "./route_table.ts";
 * const context = { page: "<p>hi</p>" } as Parameters<typeof dispatch>[2];
 * const call = (path: string, method = "GET") => {
 *   const url = new URL(path, "http://127.0.0.1:8765");
 *   return { request: new Request(url, { method }), url };
 * };
 * assert.equal(await (await dispatch(ROUTES, call("/"), context)).text(), "<p>hi</p>");
 * assert.equal((await dispatch(ROUTES, call("/nowhere"), context)).status, 404);
 * assert.equal((await dispatch(ROUTES, call("/api/sessions"), context)).status, 405);
 * ```
 */
export async function dispatch(
  routes: readonly Route[],
  call: Omit<RouteCall, "params">,
  context: AppContext,
): Promise<Response> {
  const method = call.request.method;
  for (const route of routes) {
    if (route.method !== "*" && route.method !== method) continue;
    const params = matchPath(route.path, call.url.pathname);
    if (params !== undefined) return await route.handler({ ...call, params }, context);
  }
  return plainText("Not found", 404);
}
