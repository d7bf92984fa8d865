/**
 * Files for the app's bad-input tests that are too large to commit: a zip
 * bomb dressed as a workbook (one part that unpacks to 1,700 MiB of zeros,
 * honestly declared), and seeded customer files of any size.
 *
 * @module
 */
import { createDeflateRaw } from "node:zlib";

/** A .xlsx-named zip with one deflated part of `mebibytes` MiB of zeros (about 1 KiB per MiB). */
export async function zipBomb(mebibytes = 1700): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Uint8Array[] = [];
  deflate.on("data", (chunk: Uint8Array) => parts.push(chunk));
  const ended = new Promise((resolve) => deflate.on("end", resolve));
  const zero = new Uint8Array(1 << 20);
  for (let i = 0; i < mebibytes; i++) {
    if (!deflate.write(zero)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await ended;
  const packed = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) packed.set(p, (at += p.length) - p.length);
  const name = new TextEncoder().encode("xl/worksheets/sheet1.xml");
  const size = mebibytes * 2 ** 20;
  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 20, true);
  local.setUint16(8, 8, true);
  local.setUint32(18, packed.length, true);
  local.setUint32(22, size, true);
  local.setUint16(26, name.length, true);
  const central = new DataView(new ArrayBuffer(46));
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(4, 20, true);
  central.setUint16(6, 20, true);
  central.setUint16(10, 8, true);
  central.setUint32(20, packed.length, true);
  central.setUint32(24, size, true);
  central.setUint16(28, name.length, true);
  central.setUint32(42, 0, true);
  const directoryStart = 30 + name.length + packed.length;
  const directorySize = 46 + name.length;
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, directorySize, true);
  end.setUint32(16, directoryStart, true);
  const pieces = [
    new Uint8Array(local.buffer),
    name,
    packed,
    new Uint8Array(central.buffer),
    name,
    new Uint8Array(end.buffer),
  ];
  const out = new Uint8Array(pieces.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of pieces) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A seeded customer CSV: id, region (text), three numeric columns with planted groups. */
export function customerCSV(rows: number, seed: number): string {
  let state = seed * 2654435761 >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const regions = ["North", "South", "East", "West"];
  const lines = ["customer_id,region,age,spend,visits"];
  for (let i = 0; i < rows; i++) {
    const g = Math.floor(random() * 3);
    const age = Math.round(25 + g * 15 + random() * 10);
    const spend = Math.round((100 + g * 400 + random() * 150) * 100) / 100;
    const visits = Math.round((2 + g * 3 + random() * 2) * 10) / 10;
    lines.push(`S${seed}-${i},${regions[Math.floor(random() * 4)]},${age},${spend},${visits}`);
  }
  return lines.join("\n") + "\n";
}
