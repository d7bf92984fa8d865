/**
 * Worker side of `loadXLSX`: parses workbook bytes off the main thread so a
 * file that sends the parser into an endless loop can be stopped.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { fromXLSX, type ReadXLSXOptions } from "./read_xlsx.ts";

self.onmessage = (event: MessageEvent<{ bytes: Uint8Array; options: ReadXLSXOptions }>) => {
  try {
    const table = fromXLSX(event.data.bytes, event.data.options);
    const columns = table.columnNames().map((
      n,
    ) => [n, Array.from(table.array(n) as ArrayLike<unknown>)]);
    self.postMessage({ columns });
  } catch (error) {
    const e = error as Error & { file?: string; column?: string; row?: number };
    self.postMessage({
      error: { name: e.name, message: e.message, file: e.file, column: e.column, row: e.row },
    });
  }
};
