/**
 * Reading what a request sends beside the upload stream itself: a small
 * body as text within the upload limit, the file name the page sends in
 * `X-File-Name`, and whether the declared length is already past the limit.
 *
 * @module
 */
import { displayName, uploadTooLarge } from "./sessions.ts";

/** Options for {@link boundedText}. */
export interface BoundedTextOptions {
  /** Refuse the body past this many bytes. */
  maxBytes: number;
  /** The file's name, for the message. */
  name: string;
}

/**
 * A request body as text, refusing it past `maxBytes` with the upload
 * limit's one-line error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { boundedText } from "./request_body.ts";
 * const body = () => new Response("{}").body;
 * assert.equal(await boundedText(body(), { maxBytes: 10, name: "model.json" }), "{}");
 * await assert.rejects(boundedText(body(), { maxBytes: 1, name: "model.json" }), /too large/);
 * ```
 */
export async function boundedText(
  body: ReadableStream<Uint8Array> | null,
  options: BoundedTextOptions,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (body !== null) {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > options.maxBytes) throw uploadTooLarge(options.name, options.maxBytes);
      chunks.push(chunk);
    }
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

/**
 * The file name the page sent (`X-File-Name`, URI-encoded) as it is shown,
 * or `fallback` when there is none or it cannot be decoded.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileNameHeader } from "./request_body.ts";
 * const named = (n: string) => new Request("http://x/", { headers: { "x-file-name": n } });
 * assert.equal(fileNameHeader(named("a%2Fb%20c.csv"), "upload"), "b c.csv");
 * assert.equal(fileNameHeader(named("%"), "upload"), "upload");
 * ```
 */
export function fileNameHeader(request: Request, fallback: string): string {
  try {
    return displayName(decodeURIComponent(request.headers.get("x-file-name") ?? fallback));
  } catch {
    return fallback;
  }
}

/**
 * True when the request declares a body longer than `maxBytes`
 * (`Content-Length`); a stream without one is counted as it arrives.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { declaredTooLarge } from "./request_body.ts";
 * const sized = (n: number) => new Request("http://x/", { headers: { "content-length": `${n}` } });
 * assert.equal(declaredTooLarge(sized(5), 4), true);
 * assert.equal(declaredTooLarge(sized(4), 4), false);
 * ```
 */
export function declaredTooLarge(request: Request, maxBytes: number): boolean {
  return Number(request.headers.get("content-length") ?? "0") > maxBytes;
}
