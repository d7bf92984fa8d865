/**
 * The app's own files: the page, the browser script and the styles, each
 * with its content type and the security headers.
 *
 * @module
 */
import { respond } from "../responses.ts";
import { APP_CSS } from "../styles.ts";
import type { RouteHandler } from "./route.ts";

/** `GET /`: the page. */
export const servePage: RouteHandler = (_call, context) =>
  respond(context.page, 200, { "content-type": "text/html; charset=utf-8" });

/** `GET /app.js`: the browser script. */
export const serveScript: RouteHandler = (_call, context) =>
  respond(context.script, 200, { "content-type": "text/javascript; charset=utf-8" });

/** `GET /app.css`: the styles. */
export const serveStyles: RouteHandler = () =>
  respond(APP_CSS, 200, { "content-type": "text/css; charset=utf-8" });
