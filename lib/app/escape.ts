/**
 * Escaping for every value the app puts into HTML: file names, headers,
 * cells, messages. Nothing read from a file reaches the page unescaped.
 *
 * @module
 */

/**
 * Escape text for HTML element content and double-quoted attribute values.
 *
 * @example
 * ```ts
 * import { escapeHTML } from "./escape.ts";
 * escapeHTML('<script>alert("x")</script>'); // "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
 * ```
 */
export function escapeHTML(text: unknown): string {
  return String(text ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
