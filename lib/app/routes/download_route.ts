/**
 * A session's downloads, looked up by name in the fixed lists of the
 * segmentation's and the assignment's files (never as a path), saved under
 * the upload's name.
 *
 * @module
 */
import { respond } from "../responses.ts";
import { errorJSON } from "../responses.ts";
import { ASSIGN_DOWNLOADS, DOWNLOADS } from "../views.ts";
import type { SessionHandler } from "./route.ts";

const CONTENT_TYPES: Record<string, string> = {
  ".csv": "text/csv; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".json": "application/json; charset=utf-8",
  ".html": "text/html; charset=utf-8",
};

/**
 * The name a download is saved under: the upload's name without its
 * extension (safe characters only, at most 60), then the file's name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { downloadName } from "./download_route.ts";
 * assert.equal(downloadName("my shop.xlsx", "segments.csv"), "my_shop_segments.csv");
 * assert.equal(downloadName(undefined, "model.json"), "data_model.json");
 * ```
 */
export function downloadName(upload: string | undefined, file: string): string {
  const stem = (upload ?? "data").replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9._-]+/g, "_")
    .slice(0, 60) || "data";
  return `${stem}_${file}`;
}

/** `GET /api/sessions/:session/files/:file`: one of its result files, as an attachment. */
export const download: SessionHandler = ({ params }, session) => {
  const file = params.file ?? "";
  const content = DOWNLOADS.some((d) => d.name === file)
    ? session.result?.files[file]
    : ASSIGN_DOWNLOADS.some((d) => d.name === file)
    ? session.assigned?.files[file]
    : undefined;
  if (content === undefined) return errorJSON("no such file", 404);
  const ext = file.slice(file.lastIndexOf("."));
  return respond(content as BodyInit, 200, {
    "content-type": CONTENT_TYPES[ext] ?? "application/octet-stream",
    "content-disposition": `attachment; filename="${downloadName(session.upload?.name, file)}"`,
  });
};
