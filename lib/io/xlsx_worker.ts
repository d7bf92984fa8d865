/**
 * Worker side of `loadXLSX`: parses workbook bytes off the main thread so a
 * file that sends the parser into an endless loop can be stopped.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { postedError } from "../errors.ts";
import { type ReadXLSXOptions, workbookColumns } from "./read_xlsx.ts";

self.onmessage = (event: MessageEvent<{ bytes: Uint8Array; options: ReadXLSXOptions }>) => {
  try {
    const notes: string[] = [];
    const columns = workbookColumns(event.data.bytes, event.data.options, notes);
    self.postMessage({ columns, notes });
  } catch (error) {
    self.postMessage({ error: postedError(error) });
  }
};
