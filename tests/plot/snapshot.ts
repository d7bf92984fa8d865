/**
 * Snapshot comparison for charts, as Observable Plot's own tests do: render a
 * chart on fixed data and compare its HTML with the committed file under
 * `tests/plot/snapshots/`. Run with `UPDATE_SNAPSHOTS=1` to rewrite the files
 * after an intended visual change, then review the diff.
 */
import assert from "node:assert/strict";

const dir = new URL("./snapshots/", import.meta.url);

/** Compare `html` with `snapshots/<name>.html` (or write it when UPDATE_SNAPSHOTS=1). */
export async function assertSnapshot(name: string, html: string): Promise<void> {
  const file = new URL(`${name}.html`, dir);
  const text = html.endsWith("\n") ? html : html + "\n";
  if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(file, text);
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(file);
  } catch {
    assert.fail(
      `Snapshot missing: tests/plot/snapshots/${name}.html (run with UPDATE_SNAPSHOTS=1)`,
    );
  }
  assert.equal(
    text,
    expected,
    `Chart ${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites)`,
  );
}
