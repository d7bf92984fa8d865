/**
 * A structural check of a zip container (.xlsx) before SheetJS opens it.
 * SheetJS 0.20.3 loops forever on some truncated zips (ten bytes of a local
 * header without the central directory are enough, or one flipped byte in a
 * compressed part), and trusts the declared unpacked sizes. This walks the end
 * record and the central directory ({@link zipEntries}), inflates every part
 * with the runtime's native zlib (bounded by its declared size,
 * {@link unpackEntry}), and refuses a damaged file or one that would unpack
 * beyond a limit (a "zip bomb").
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

/** One file inside a zip, as the central directory describes it. */
export interface ZipEntry {
  /** Its path inside the archive. */
  name: string;
  /** Compression method: 0 stored, 8 deflated (others are refused when unpacked). */
  method: number;
  /** The declared unpacked size. */
  size: number;
  /** The packed bytes (a view into the archive). */
  data: Uint8Array;
}

/** A zip whose structure or content is broken; the message says how. */
export class DamagedZipError extends Error {
  override name = "DamagedZipError";
}

/**
 * The entries of a zip, read from its end record and central directory, each
 * checked against its local header; null when there is no end record. The
 * entries come one at a time, and a broken structure throws
 * {@link DamagedZipError} when the walk reaches it.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { zipEntries } from "./zip_check.ts";
 * equal(zipEntries(new Uint8Array([0x50, 0x4b, 3, 4])), null);
 * ```
 */
export function zipEntries(bytes: Uint8Array): Iterable<ZipEntry> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) return walkDirectory(bytes, view, i);
  }
  return null;
}

function* walkDirectory(bytes: Uint8Array, view: DataView, end: number): Generator<ZipEntry> {
  const u32 = (at: number) => view.getUint32(at, true);
  const u16 = (at: number) => view.getUint16(at, true);
  const damaged = (detail: string) => new DamagedZipError(detail);
  const entries = u16(end + 10);
  const size = u32(end + 12);
  const start = u32(end + 16);
  if (entries > 0 && start + size > end) {
    throw damaged("the central directory lies outside the file");
  }

  let at = start;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > end || u32(at) !== CENTRAL) throw damaged("a central directory entry is broken");
    const method = u16(at + 10);
    const packed = u32(at + 20);
    const size = u32(at + 24);
    const local = u32(at + 42);
    const nameLength = u16(at + 28);
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (next > end) throw damaged("a central directory entry runs past its end");
    if (local + 30 > start || u32(local) !== LOCAL) throw damaged("a file entry is missing");
    if (u16(local + 8) !== method) throw damaged("a file entry disagrees with the directory");
    const described = (u16(local + 6) & 0x08) === 0;
    if (described && (u32(local + 18) !== packed || u32(local + 22) !== size)) {
      throw damaged("a file entry disagrees with the directory");
    }
    const data = local + 30 + u16(local + 26) + u16(local + 28);
    if (data + packed > start) throw damaged("a file entry runs past the directory");
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    yield { name, method, size, data: bytes.subarray(data, data + packed) };
    at = next;
  }
}

/**
 * The unpacked bytes of one entry, inflated with the runtime's native zlib
 * (which stops on bad data, where SheetJS's own inflater may not) and no
 * further than its declared size; throws {@link DamagedZipError} when the
 * entry is corrupt, has the wrong size or an unsupported method.
 */
export function unpackEntry(entry: ZipEntry): Uint8Array {
  const { data, method, size } = entry;
  if (method === 0) {
    if (data.length !== size) throw new DamagedZipError("a stored file has the wrong size");
    return data;
  }
  if (method !== 8) throw new DamagedZipError(`unsupported compression method ${method}`);
  let out: Uint8Array;
  try {
    out = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
  } catch {
    throw new DamagedZipError("a compressed file is corrupt");
  }
  if (out.length !== size) throw new DamagedZipError("a compressed file has the wrong size");
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/**
 * Check the zip structure of `bytes`; `maxUnpacked` bounds the sum of the
 * declared uncompressed sizes.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { checkZip } from "./zip_check.ts";
 * equal(checkZip(new Uint8Array([0x50, 0x4b, 3, 4, 0x14, 0, 0, 0, 8, 0]), 1e9)?.kind, "damaged");
 * ```
 */
export function checkZip(bytes: Uint8Array, maxUnpacked: number): ZipProblem | undefined {
  const entries = zipEntries(bytes);
  if (entries === null) {
    return { kind: "damaged", detail: "no end of central directory (the file is cut short)" };
  }
  let count = 0;
  let unpacked = 0;
  try {
    for (const entry of entries) {
      count++;
      unpacked += entry.size;
      if (unpacked > maxUnpacked) return { kind: "too large", unpacked };
      unpackEntry(entry);
    }
  } catch (error) {
    if (error instanceof DamagedZipError) return { kind: "damaged", detail: error.message };
    throw error;
  }
  if (count === 0) return { kind: "damaged", detail: "the archive is empty" };
  return undefined;
}
