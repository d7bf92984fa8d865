// Property tests: what the writers produce, the readers read back unchanged;
// random bytes never make a reader throw anything but InputError.
import { deepEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import * as aq from "arquero";
import fc from "fast-check";
import { isInputError } from "../../lib/errors.ts";
import { fromCSV, fromXLSX, loadCSV, readTable, toCSV, toXLSX } from "../../lib/io/mod.ts";

const SEED = 20240601;

/** Unique column names, distinct ignoring case (as SQL compares them). */
const names = (count: number) =>
  fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,7}[A-Za-z0-9]$/), {
    minLength: count,
    maxLength: count,
    selector: (s) => s.toLowerCase(),
  });

/** Text that stays text: starts with a letter, may hold delimiters, quotes and newlines. */
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,;|"'\n]{0,12}[A-Za-z0-9]$/).filter((s) =>
  !/^(nan|inf|infinity|true|false|null|yes|no|on|off|t|f|y|n)$/i.test(s)
);
/** Numbers whose decimal form any reader parses back exactly (below 2^53 as integers). */
const number = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }).map((x) =>
    x === 0 ? 0 : x
  ),
);

type Column = { kind: "number" | "text"; values: (number | string | null)[] };
const table = fc.integer({ min: 1, max: 5 }).chain((cols) =>
  fc.integer({ min: 1, max: 12 }).chain((rows) =>
    fc.tuple(
      names(cols),
      fc.array(
        fc.oneof(
          fc.array(fc.option(number, { freq: 6 }), { minLength: rows, maxLength: rows }).map(
            (values): Column => ({ kind: "number", values }),
          ),
          fc.array(fc.option(word, { freq: 6 }), { minLength: rows, maxLength: rows }).map(
            (values): Column => ({ kind: "text", values }),
          ),
        ),
        { minLength: cols, maxLength: cols },
      ),
    )
  )
);

function build([cols, columns]: [string[], Column[]]) {
  return aq.table(new Map(cols.map((n, j) => [n, columns[j]!.values])));
}

/** What a reader gives back: rows with every cell empty are skipped. */
function withoutBlankRows(t: aq.ColumnTable): aq.ColumnTable {
  const cols = t.columnNames().map((n) => t.array(n) as ArrayLike<unknown>);
  const keep = Array.from({ length: t.numRows() }, (_, i) => i).filter((i) =>
    cols.some((c) => c[i] !== null && c[i] !== undefined)
  );
  return aq.table(new Map(t.columnNames().map((n, j) => [n, keep.map((i) => cols[j]![i])])));
}

function plain(t: aq.ColumnTable): Record<string, unknown[]> {
  return Object.fromEntries(
    t.columnNames().map((n) => [n, Array.from(t.array(n) as ArrayLike<unknown>)]),
  );
}

Deno.test("property: a table written by toCSV reads back unchanged", async () => {
  await fc.assert(
    fc.asyncProperty(table, async (spec) => {
      const original = build(spec);
      const back = await fromCSV(toCSV(original));
      deepEqual(plain(back), plain(withoutBlankRows(original)));
    }),
    { seed: SEED, numRuns: 60 },
  );
});

Deno.test("property: a table written by toXLSX reads back unchanged", async () => {
  await fc.assert(
    fc.property(table, (spec) => {
      const original = build(spec);
      deepEqual(plain(fromXLSX(toXLSX(original))), plain(withoutBlankRows(original)));
    }),
    { seed: SEED, numRuns: 100 },
  );
});

Deno.test("property: toCSV and toXLSX are deterministic", async () => {
  await fc.assert(
    fc.property(table, (spec) => {
      deepEqual(toXLSX(build(spec)), toXLSX(build(spec)));
      deepEqual(toCSV(build(spec)), toCSV(build(spec)));
    }),
    { seed: SEED, numRuns: 30 },
  );
});

async function onlyInputErrors(run: () => Promise<unknown> | unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    ok(isInputError(error), `not an InputError: ${error instanceof Error ? error.stack : error}`);
    ok(!(error as Error).message.includes("\n"), (error as Error).message);
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const bytes = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 600 }),
  fc.uint8Array({ maxLength: 600 }).map((b) => Uint8Array.from([...ZIP, ...b])),
  fc.uint8Array({ maxLength: 600 }).map((b) => Uint8Array.from([...CFB, ...b])),
  fc.string({ maxLength: 300 }).map((s) => new TextEncoder().encode(s)),
  fc.array(
    fc.constantFrom("a", "b", ",", ";", "\t", "|", '"', "\n", "\r", "1", "2.5", " ", "é", "\uFEFF"),
    {
      maxLength: 80,
    },
  ).map((parts) => new TextEncoder().encode(parts.join(""))),
);

Deno.test("fuzz: the CSV reader throws only InputError on random bytes", async () => {
  const dir = await Deno.makeTempDir();
  let i = 0;
  await fc.assert(
    fc.asyncProperty(bytes, async (b) => {
      const path = join(dir, `f${i++}.csv`);
      await Deno.writeFile(path, b);
      await onlyInputErrors(() => loadCSV(path));
    }),
    { seed: SEED, numRuns: 150 },
  );
});

Deno.test("fuzz: the XLSX reader throws only InputError on random bytes", async () => {
  await fc.assert(
    fc.asyncProperty(bytes, async (b) => {
      await onlyInputErrors(() => fromXLSX(b));
    }),
    { seed: SEED, numRuns: 400 },
  );
});

Deno.test("fuzz: the XLSX reader throws only InputError on damaged real workbooks", async () => {
  const good = toXLSX(aq.table({ id: [1, 2, 3], name: ["a", "b", "c"], spend: [1.5, 2, 3] }));
  const dir = await Deno.makeTempDir();
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 8,
      }),
      fc.nat({ max: good.length }),
      async (flips, cut) => {
        const damaged = good.slice(0, Math.max(cut, 4));
        for (const [at, value] of flips) if (at < damaged.length) damaged[at] = value;
        await onlyInputErrors(() => fromXLSX(damaged));
        const path = join(dir, "damaged.xlsx");
        await Deno.writeFile(path, damaged);
        await onlyInputErrors(() => readTable(path));
      },
    ),
    { seed: SEED, numRuns: 100 },
  );
});
