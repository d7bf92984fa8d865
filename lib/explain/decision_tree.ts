/**
 * A shallow CART classification tree (gini impurity), fitted on features in
 * their original units against segment labels, so each split reads as a
 * campaign filter ("annual_income_k > 70.5"). It follows scikit-learn's
 * `DecisionTreeClassifier` (best splitter, all features): thresholds at the
 * midpoint of two neighbouring distinct values, values closer than 1e-7
 * treated as equal, both children at least `minLeaf` rows, depth-first growth
 * that stops at `maxDepth`, on a pure node or when no split is possible (a
 * split with zero gain is still taken, as scikit-learn does). A leaf predicts
 * its most frequent label, the smallest label on a tie. Where two splits gain
 * exactly as much, the first feature wins (scikit-learn draws the order at
 * random), so trees agree on data without such ties.
 *
 * The model is plain JSON: nodes in pre-order (node, left subtree, right
 * subtree), as scikit-learn numbers them.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { Matrix } from "../matrix.ts";

/** Hyperparameters of {@link fitDecisionTree}. */
export interface DecisionTreeOptions {
  /** Deepest level of splits (default 3; 0 gives a single leaf). */
  maxDepth?: number;
  /** Fewest rows in a leaf (default 1). */
  minLeaf?: number;
}

/** One node of a fitted tree. Leaves have `feature` −1. */
export interface TreeNode {
  /** Column index of the split, or −1 for a leaf. */
  feature: number;
  /** Rows with value ≤ threshold go left; NaN for a leaf. */
  threshold: number;
  /** Index of the left child, −1 for a leaf. */
  left: number;
  /** Index of the right child, −1 for a leaf. */
  right: number;
  depth: number;
  /** Rows reaching the node. */
  rows: number;
  /** Rows per class, in the order of the model's `classes`. */
  counts: number[];
  /** Gini impurity of the node. */
  impurity: number;
  /** The label the node predicts. */
  label: number;
}

/** A fitted tree: plain data, serialisable to JSON. */
export interface DecisionTreeModel {
  features: string[];
  /** Distinct labels, ascending. */
  classes: number[];
  nodes: TreeNode[];
  maxDepth: number;
  minLeaf: number;
}

/** Values closer than this are one value (scikit-learn's FEATURE_THRESHOLD). */
const FEATURE_THRESHOLD = 1e-7;
const EPSILON = 2.220446049250313e-16;

function checkOptions(options: DecisionTreeOptions): { maxDepth: number; minLeaf: number } {
  const maxDepth = options.maxDepth ?? 3;
  const minLeaf = options.minLeaf ?? 1;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) {
    throw new InputError(`Invalid tree depth: ${maxDepth}`, {
      hint: "give a whole number of levels, 0 or more (3 keeps rules short)",
    });
  }
  if (!Number.isInteger(minLeaf) || minLeaf < 1) {
    throw new InputError(`Invalid minimum leaf size: ${minLeaf}`, {
      hint: "give a whole number of rows, 1 or more",
    });
  }
  return { maxDepth, minLeaf };
}

/** Check the matrix and labels agree and hold finite values; the label classes, ascending. */
export function checkTreeInput(matrix: Matrix, labels: ArrayLike<number>): number[] {
  if (matrix.rows === 0) {
    throw new InputError("No rows to explain", { hint: "segment at least one row first" });
  }
  if (labels.length !== matrix.rows) {
    throw new InputError(
      `Labels and rows differ in number: ${labels.length} labels for ${matrix.rows} rows`,
      { hint: "pass the labels of the same rows, in the same order" },
    );
  }
  for (let i = 0; i < matrix.data.length; i++) {
    if (!Number.isFinite(matrix.data[i]!)) {
      throw new InputError("Value is missing or infinite", {
        column: matrix.columns[i % matrix.cols],
        row: Math.floor(i / matrix.cols) + 1,
        hint: "fill or drop missing values before explaining segments",
      });
    }
  }
  const classes = new Set<number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label)) {
      throw new InputError(`Label is not a whole number: ${label}`, {
        row: i + 1,
        hint: "labels are cluster numbers (−1 for noise)",
      });
    }
    classes.add(label);
  }
  return [...classes].sort((a, b) => a - b);
}

function gini(counts: ArrayLike<number>, n: number): number {
  let sq = 0;
  for (let c = 0; c < counts.length; c++) sq += counts[c]! * counts[c]!;
  return 1 - sq / (n * n);
}

function majority(counts: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c]! > counts[best]!) best = c;
  return best;
}

interface Split {
  feature: number;
  threshold: number;
}

/** Each feature's row indices by value, ties by row, per matrix (the trees of one matrix share them). */
const ORDERS = new WeakMap<Matrix, Int32Array[]>();

function featureOrders(matrix: Matrix): Int32Array[] {
  let orders = ORDERS.get(matrix);
  if (orders !== undefined) return orders;
  const { data, rows, cols } = matrix;
  const column = new Float64Array(rows);
  orders = [];
  for (let f = 0; f < cols; f++) {
    for (let i = 0; i < rows; i++) column[i] = data[i * cols + f]!;
    orders.push(
      Int32Array.from({ length: rows }, (_, i) => i).sort((a, b) =>
        column[a]! - column[b]! || a - b
      ),
    );
  }
  ORDERS.set(matrix, orders);
  return orders;
}

/**
 * Fit a CART tree with gini impurity.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { fitDecisionTree } from "./decision_tree.ts";
 * const x = matrixFromRows([[1], [2], [8], [9]], ["income"]);
 * const tree = fitDecisionTree(x, Int32Array.from([0, 0, 1, 1]));
 * equal(tree.nodes[0]!.threshold, 5);
 * ```
 */
export function fitDecisionTree(
  matrix: Matrix,
  labels: ArrayLike<number>,
  options: DecisionTreeOptions = {},
): DecisionTreeModel {
  const { maxDepth, minLeaf } = checkOptions(options);
  const classes = checkTreeInput(matrix, labels);
  const k = classes.length;
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const y = new Int32Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) y[i] = classOf.get(labels[i]!)!;
  const { data, cols } = matrix;
  const nodes: TreeNode[] = [];
  const values = new Float64Array(matrix.rows);
  const left = new Float64Array(k);
  const right = new Float64Array(k);

  const sorted = featureOrders(matrix);
  const member = new Uint8Array(matrix.rows);

  const bestSplit = (rows: Int32Array, counts: number[]): Split | undefined => {
    const n = rows.length;
    let best = -Infinity;
    let split: Split | undefined;
    const order = new Int32Array(n);
    // A big node takes its rows in each feature's order from the matrix-wide
    // order (one pass); a small one sorts its own. Both order ties by row.
    const filter = n * 16 > matrix.rows;
    if (filter) { for (const i of rows) member[i] = 1; }
    for (let f = 0; f < cols; f++) {
      for (const i of rows) values[i] = data[i * cols + f]!;
      if (filter) {
        let p = 0;
        for (const i of sorted[f]!) if (member[i] === 1) order[p++] = i;
      } else {
        order.set(rows);
        order.sort((a, b) => values[a]! - values[b]! || a - b);
      }
      if (values[order[n - 1]!]! <= values[order[0]!]! + FEATURE_THRESHOLD) continue; // constant
      left.fill(0);
      for (let c = 0; c < k; c++) right[c] = counts[c]!;
      let sqLeft = 0;
      let sqRight = 0;
      for (let c = 0; c < k; c++) sqRight += right[c]! * right[c]!;
      for (let p = 1; p < n; p++) {
        const c = y[order[p - 1]!]!;
        sqLeft += 2 * left[c]! + 1;
        left[c] = left[c]! + 1;
        sqRight -= 2 * right[c]! - 1;
        right[c] = right[c]! - 1;
        const before = values[order[p - 1]!]!;
        const after = values[order[p]!]!;
        if (after <= before + FEATURE_THRESHOLD) continue;
        if (p < minLeaf || n - p < minLeaf) continue;
        // scikit-learn's proxy: −n_left·gini_left − n_right·gini_right, up to a constant.
        const proxy = sqLeft / p + sqRight / (n - p);
        if (proxy > best) {
          best = proxy;
          let threshold = before / 2 + after / 2;
          if (threshold === after || !Number.isFinite(threshold)) threshold = before;
          split = { feature: f, threshold };
        }
      }
    }
    if (filter) { for (const i of rows) member[i] = 0; }
    return split;
  };

  const grow = (rows: Int32Array, depth: number): number => {
    const counts = new Array<number>(k).fill(0);
    for (const i of rows) counts[y[i]!] = counts[y[i]!]! + 1;
    const n = rows.length;
    const impurity = gini(counts, n);
    const id = nodes.length;
    nodes.push({
      feature: -1,
      threshold: NaN,
      left: -1,
      right: -1,
      depth,
      rows: n,
      counts,
      impurity,
      label: classes[majority(counts)]!,
    });
    if (depth >= maxDepth || n < 2 || n < 2 * minLeaf || impurity <= EPSILON) return id;
    const split = bestSplit(rows, counts);
    if (split === undefined) return id;
    const goLeft: number[] = [];
    const goRight: number[] = [];
    for (const i of rows) {
      (data[i * cols + split.feature]! <= split.threshold ? goLeft : goRight).push(i);
    }
    const node = nodes[id]!;
    node.feature = split.feature;
    node.threshold = split.threshold;
    node.left = grow(Int32Array.from(goLeft), depth + 1);
    node.right = grow(Int32Array.from(goRight), depth + 1);
    return id;
  };

  grow(Int32Array.from({ length: matrix.rows }, (_, i) => i), 0);
  return { features: [...matrix.columns], classes, nodes, maxDepth, minLeaf };
}

/** Index of the leaf each row falls into. */
export function applyDecisionTree(model: DecisionTreeModel, matrix: Matrix): Int32Array {
  const f = model.features.map((name) => matrix.columns.indexOf(name));
  const missing = model.features.filter((_, j) => f[j]! < 0);
  if (missing.length > 0) {
    throw new InputError(`Column not found: "${missing[0]}"`, {
      hint: `the tree needs the columns ${model.features.join(", ")}`,
    });
  }
  const out = new Int32Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) {
    let id = 0;
    let node = model.nodes[0]!;
    while (node.feature >= 0) {
      id = matrix.data[i * matrix.cols + f[node.feature]!]! <= node.threshold
        ? node.left
        : node.right;
      node = model.nodes[id]!;
    }
    out[i] = id;
  }
  return out;
}

/**
 * The label the tree predicts for each row (columns matched by name).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { matrixFromRows } from "../matrix.ts";
 * import { fitDecisionTree, predictDecisionTree } from "./decision_tree.ts";
 * const x = matrixFromRows([[1], [2], [8], [9]], ["income"]);
 * const tree = fitDecisionTree(x, Int32Array.from([0, 0, 1, 1]));
 * deepEqual(Array.from(predictDecisionTree(tree, matrixFromRows([[3], [7]], ["income"]))), [0, 1]);
 * ```
 */
export function predictDecisionTree(model: DecisionTreeModel, matrix: Matrix): Int32Array {
  const leaves = applyDecisionTree(model, matrix);
  return leaves.map((id) => model.nodes[id]!.label);
}
