/** Decision tree, rules and top features against scikit-learn and pandas (tests/fixtures/explain_reference.json). */
import assert from "node:assert/strict";
import { matrixFromRows } from "../../lib/matrix.ts";
import {
  explainSegments,
  fitDecisionTree,
  predictDecisionTree,
  ruleAccuracy,
  ruleSentence,
  segmentRules,
  topFeatures,
} from "../../lib/explain/mod.ts";
import { InputError, isInputError } from "../../lib/errors.ts";
import { explainSegmentsOffThread } from "../../lib/explain/explain_off_thread.ts";

interface TreeRef {
  maxDepth: number;
  minLeaf: number;
  accuracy: number;
  nodes: {
    feature: number;
    threshold: number | null;
    left: number;
    right: number;
    rows: number;
    label: number;
  }[];
  rules: { leaf: number; cluster: number; rows: number; support: number; precision: number }[];
}
interface DatasetRef {
  columns: string[];
  X: number[][];
  labels: number[];
  trees: TreeRef[];
  smd: {
    cluster: number;
    smd: Record<string, number>;
    mean: Record<string, number>;
    restMean: Record<string, number>;
  }[];
}
const ref = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/explain_reference.json", import.meta.url)),
) as { smooth: DatasetRef; customers: DatasetRef };

function data(d: DatasetRef) {
  return { x: matrixFromRows(d.X, d.columns), labels: Int32Array.from(d.labels) };
}

for (const tree of ref.smooth.trees) {
  Deno.test(`tree on data without ties is scikit-learn's (depth ${tree.maxDepth}, minLeaf ${tree.minLeaf})`, () => {
    const { x, labels } = data(ref.smooth);
    const model = fitDecisionTree(x, labels, { maxDepth: tree.maxDepth, minLeaf: tree.minLeaf });
    assert.equal(model.nodes.length, tree.nodes.length);
    model.nodes.forEach((node, i) => {
      const want = tree.nodes[i]!;
      assert.equal(node.feature, want.feature, `node ${i} feature`);
      assert.equal(node.left, want.left, `node ${i} left`);
      assert.equal(node.right, want.right, `node ${i} right`);
      assert.equal(node.rows, want.rows, `node ${i} rows`);
      assert.equal(node.label, want.label, `node ${i} label`);
      if (want.threshold !== null) {
        // scikit-learn splits float32 copies of the features: its midpoints differ from
        // ours (float64) in the 7th significant digit.
        const gap = Math.abs(node.threshold - want.threshold) / Math.abs(want.threshold);
        assert.ok(gap < 1e-6, `node ${i} threshold ${node.threshold} vs ${want.threshold}`);
      }
    });
    const rules = segmentRules(model, x, labels);
    assert.ok(Math.abs(ruleAccuracy(rules) - tree.accuracy) < 1e-12);
    // Each leaf's rule: same segment, rows, support and precision as computed from scikit-learn's leaves.
    const ours = [...rules].sort((a, b) => a.cluster - b.cluster || b.rows - a.rows);
    const theirs = [...tree.rules].sort((a, b) => a.cluster - b.cluster || b.rows - a.rows);
    assert.equal(ours.length, theirs.length);
    ours.forEach((r, i) => {
      assert.equal(r.cluster, theirs[i]!.cluster);
      assert.equal(r.rows, theirs[i]!.rows);
      assert.ok(Math.abs(r.support - theirs[i]!.support) < 1e-12);
      assert.ok(Math.abs(r.precision - theirs[i]!.precision) < 1e-12);
    });
  });
}

for (const tree of ref.customers.trees) {
  Deno.test(`accuracy on tied customer data is at least scikit-learn's (depth ${tree.maxDepth}, minLeaf ${tree.minLeaf})`, () => {
    const { x, labels } = data(ref.customers);
    const explained = explainSegments(x, labels, {
      maxDepth: tree.maxDepth,
      minLeaf: tree.minLeaf,
    });
    assert.ok(
      explained.accuracy >= tree.accuracy - 1e-12,
      `${explained.accuracy} < ${tree.accuracy}`,
    );
    // The leaves cover every row once, and no leaf is smaller than minLeaf.
    assert.equal(explained.rules.reduce((s, r) => s + r.rows, 0), x.rows);
    assert.ok(explained.rules.every((r) => r.rows >= tree.minLeaf));
    assert.ok(explained.rules.every((r) => r.conditions.length <= tree.maxDepth));
  });
}

Deno.test("rules select exactly the rows the tree puts in their leaf", () => {
  const { x, labels } = data(ref.customers);
  const { rules } = explainSegments(x, labels);
  const model = fitDecisionTree(x, labels);
  const predicted = predictDecisionTree(model, x);
  const selectedBy = new Int32Array(x.rows).fill(-1);
  rules.forEach((rule, r) => {
    for (let i = 0; i < x.rows; i++) {
      const ok = rule.conditions.every((c) => {
        const v = x.data[i * x.cols + x.columns.indexOf(c.feature)]!;
        return c.op === "<=" ? v <= c.value : v > c.value;
      });
      if (ok) {
        assert.equal(selectedBy[i], -1, `row ${i} selected twice`);
        selectedBy[i] = r;
      }
    }
  });
  for (let i = 0; i < x.rows; i++) {
    assert.notEqual(selectedBy[i], -1, `row ${i} not selected`);
    assert.equal(rules[selectedBy[i]!]!.cluster, predicted[i]);
  }
  // A feature appears at most once per direction in a rule.
  for (const rule of rules) {
    const keys = rule.conditions.map((c) => `${c.feature} ${c.op}`);
    assert.equal(new Set(keys).size, keys.length);
  }
});

Deno.test("top features match pandas' means and pooled-sd differences", () => {
  for (const d of [ref.smooth, ref.customers]) {
    const { x, labels } = data(d);
    const all = topFeatures(x, labels, { top: Infinity });
    for (const want of d.smd) {
      const got = all.find((s) => s.cluster === want.cluster)!;
      assert.equal(got.features.length, d.columns.length);
      for (const f of got.features) {
        assert.ok(Math.abs(f.smd - want.smd[f.feature]!) < 1e-9, `${want.cluster} ${f.feature}`);
        assert.ok(Math.abs(f.mean - want.mean[f.feature]!) < 1e-9);
        assert.ok(Math.abs(f.restMean - want.restMean[f.feature]!) < 1e-9);
      }
      const sizes = got.features.map((f) => Math.abs(f.smd));
      assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
    }
    assert.ok(topFeatures(x, labels).every((s) => s.features.length === 3));
  }
});

Deno.test("explanation is plain JSON and its sentence reads as in the docs", () => {
  const { x, labels } = data(ref.customers);
  const explained = explainSegments(x, labels);
  assert.deepEqual(JSON.parse(JSON.stringify(explained)), explained);
  assert.equal(
    ruleSentence({
      cluster: 2,
      support: 0.91,
      precision: 0.94,
      rows: 10,
      conditions: [
        { feature: "annual_income", op: ">", value: 70.5 },
        { feature: "spending_score", op: ">", value: 60.5 },
      ],
    }, { segmentNames: { 2: "High-Value" } }),
    "annual income > 70.5 and spending score > 60.5 → High-Value (covers 91% of the segment, 94% of the rows it selects are in it)",
  );
});

Deno.test("tree edge cases: one segment, constant features, noise label, depth 0", () => {
  const x = matrixFromRows([[1, 7], [2, 7], [3, 7], [4, 7]], ["a", "b"]);
  const one = explainSegments(x, Int32Array.from([0, 0, 0, 0]));
  assert.deepEqual(one.rules, [{ cluster: 0, conditions: [], support: 1, precision: 1, rows: 4 }]);
  assert.deepEqual(one.topFeatures, [{ cluster: 0, features: [] }]);
  const constant = explainSegments(matrixFromRows([[5], [5], [5]], ["c"]), [0, 1, 1]);
  assert.equal(constant.rules.length, 1);
  assert.equal(constant.rules[0]!.cluster, 1);
  assert.equal(constant.topFeatures[0]!.features[0]!.smd, 0);
  const noise = explainSegments(x, Int32Array.from([-1, -1, 3, 3]));
  assert.deepEqual(noise.rules.map((r) => r.cluster), [-1, 3]);
  assert.equal(noise.rules[0]!.conditions[0]!.value, 2.5);
  assert.match(ruleSentence(noise.rules[0]!), /→ Noise/);
  const flat = explainSegments(x, Int32Array.from([0, 1, 1, 1]), { maxDepth: 0 });
  assert.equal(flat.accuracy, 0.75);
  // minLeaf forbids the perfect split at 1.5.
  const wide = fitDecisionTree(x, Int32Array.from([0, 1, 1, 1]), { minLeaf: 2, maxDepth: 1 });
  assert.equal(wide.nodes[0]!.threshold, 2.5);
});

Deno.test("bad input to the tree is an InputError naming what to fix", () => {
  const x = matrixFromRows([[1], [2]], ["income"]);
  const cases: [() => unknown, RegExp][] = [
    [() => explainSegments(x, [0]), /differ in number: 1 labels for 2 rows/],
    [() => explainSegments(x, [0, 1], { maxDepth: -1 }), /Invalid tree depth/],
    [() => explainSegments(x, [0, 1], { minLeaf: 0 }), /Invalid minimum leaf size/],
    [
      () => explainSegments(matrixFromRows([[1], [NaN]], ["income"]), [0, 1]),
      /column "income", row 2/,
    ],
    [() => explainSegments(x, [0, 0.5]), /not a whole number/],
  ];
  for (const [run, message] of cases) {
    assert.throws(run, (e: unknown) => isInputError(e) && message.test((e as Error).message));
  }
});

Deno.test("explaining on a worker gives the same rules, and its input errors are input errors", async () => {
  const rows = Array.from({ length: 400 }, (_, i) => [i % 97, (i * 7) % 13, i / 3]);
  const m = matrixFromRows(rows, ["recency", "frequency", "monetary"]);
  const labels = Int32Array.from(rows, (r) => (r[0]! < 30 ? 0 : r[1]! < 6 ? 1 : 2));
  assert.deepEqual(
    await explainSegmentsOffThread(m, labels, { maxDepth: 2, offThreadRows: 1 }),
    explainSegments(m, labels, { maxDepth: 2 }),
  );
  m.data[5] = NaN;
  const error = await explainSegmentsOffThread(m, labels, { offThreadRows: 1 }).catch((e) => e);
  assert.ok(error instanceof InputError);
  assert.match(error.message, /missing or infinite.*column "monetary", row 2/);
});
