/**
 * A structural check of a zip container (.xlsx) before SheetJS opens it.
 * SheetJS 0.20.3 loops forever on some truncated zips (ten bytes of a local
 * header without the central directory are enough, or one flipped byte in a
 * compressed part), and trusts the declared unpacked sizes. This walks the end
 * record and the central directory, inflates every part with the runtime's
 * native zlib (bounded by its declared size), and refuses a damaged file or
 * one that would unpack beyond a limit (a "zip bomb").
 *
 * @module
 */

import { inflateRawSync } from "node:zlib";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** What the check found wrong, or `undefined` when the container is sound. */
export type ZipProblem =
  | { kind: "damaged"; detail: string }
  | { kind: "too large"; unpacked: number };

/**
 * Check the zip structure of `bytes`; `maxUnpacked` bounds the sum of the
 * declared uncompressed sizes.
 *
 * @example
 * ```ts
 * import { checkZip } from "./zip_check.ts";
 * checkZip(new Uint8Array([0x50, 0x4b, 3, 4, 0x14, 0, 0, 0, 8, 0]), 1e9)?.kind; // "damaged"
 * ```
 */
export function checkZip(bytes: Uint8Array, maxUnpacked: number): ZipProblem | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  const u16 = (at: number) => view.getUint16(at, true);
  const damaged = (detail: string): ZipProblem => ({ kind: "damaged", detail });

  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return damaged("no end of central directory (the file is cut short)");
  const entries = u16(end + 10);
  const size = u32(end + 12);
  const start = u32(end + 16);
  if (entries === 0) return damaged("the archive is empty");
  if (start + size > end) return damaged("the central directory lies outside the file");

  let at = start;
  let unpacked = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > end || u32(at) !== CENTRAL) return damaged("a central directory entry is broken");
    const method = u16(at + 10);
    const packed = u32(at + 20);
    const size = u32(at + 24);
    const local = u32(at + 42);
    const next = at + 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
    if (next > end) return damaged("a central directory entry runs past its end");
    if (local + 30 > start || u32(local) !== LOCAL) return damaged("a file entry is missing");
    if (u16(local + 8) !== method) return damaged("a file entry disagrees with the directory");
    const described = (u16(local + 6) & 0x08) === 0;
    if (described && (u32(local + 18) !== packed || u32(local + 22) !== size)) {
      return damaged("a file entry disagrees with the directory");
    }
    const data = local + 30 + u16(local + 26) + u16(local + 28);
    if (data + packed > start) return damaged("a file entry runs past the directory");
    unpacked += size;
    if (unpacked > maxUnpacked) return { kind: "too large", unpacked };
    const problem = checkEntryData(bytes.subarray(data, data + packed), method, size);
    if (problem !== undefined) return damaged(problem);
    at = next;
  }
  return undefined;
}

/**
 * Inflate one entry with the runtime's native zlib (which stops on bad data,
 * where SheetJS's own inflater may not) and check the declared size.
 */
function checkEntryData(data: Uint8Array, method: number, size: number): string | undefined {
  if (method === 0) return data.length === size ? undefined : "a stored file has the wrong size";
  if (method !== 8) return `unsupported compression method ${method}`;
  try {
    const out = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
    return out.length === size ? undefined : "a compressed file has the wrong size";
  } catch {
    return "a compressed file is corrupt";
  }
}
