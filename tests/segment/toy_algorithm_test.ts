import { deepEqual, equal, match, throws } from "node:assert/strict";
import * as aq from "arquero";
import type { ClusterAlgorithm } from "../../lib/cluster/algorithm.ts";
import { declareParameter, parameterValue, positiveNumber } from "../../lib/cluster/parameter.ts";
import { algorithmEntry, registerAlgorithm } from "../../lib/cluster/registry.ts";
import { segmentTable } from "../../lib/segment/segment_table.ts";
import { modelFromText } from "../../lib/segment/segmentation_model.ts";
import { assignTable } from "../../lib/segment/assign_table.ts";
import { parseSegmentationParameters } from "../../lib/segment/parameters.ts";
import { notebookParameterLines } from "../../lib/segment/parameter_cell.ts";
import { segmentUsage } from "../../lib/cli/segment.ts";

/** A toy algorithm: rows whose first scaled feature is below a cut are segment 0, the rest 1. */
const CUT = declareParameter<number>({
  name: "cut",
  values: "X",
  defaultText: "1",
  help: "where the first feature splits the rows",
  algorithm: "threshold",
  parse: positiveNumber("cut", "a number above 0"),
});

interface ThresholdModel {
  kind: "threshold";
  cut: number;
}

const split = (m: { data: Float64Array; rows: number; cols: number }, cut: number) =>
  Int32Array.from({ length: m.rows }, (_, i) => (m.data[i * m.cols]! < cut ? 0 : 1));

const THRESHOLD: ClusterAlgorithm<ThresholdModel> = {
  name: "threshold",
  title: "Threshold",
  choiceText: "threshold on the first feature",
  usesK: false,
  parameters: [CUT],
  fit(data, { parameters }) {
    const cut = parameterValue(CUT, parameters);
    return {
      labels: split(data.scaled, cut),
      model: { kind: "threshold", cut },
      nClusters: 2,
      parameters: { cut },
      description: `rows split at ${cut} on the first feature`,
    };
  },
  assign: (model, data) => split(data.scaled, model.cut),
  checkModel: (model) =>
    (model as Partial<ThresholdModel>)?.kind === "threshold" ? undefined : "no cut",
};

registerAlgorithm(THRESHOLD);

const table = aq.table({
  spend: [1, 2, 3, 4, 50, 60, 70, 80],
  visits: [5, 4, 6, 5, 1, 2, 1, 2],
});

Deno.test("a registered toy algorithm runs through the segmentation pipeline and assigns from its model.json", () => {
  equal(algorithmEntry("threshold").title, "Threshold");
  const parameters = parseSegmentationParameters({ algorithm: "threshold", cut: "0.5", seed: "" });
  equal(parameters.algorithm, "threshold");
  deepEqual(parameters.parameters, undefined);
  equal((parameters as Record<string, unknown>).cut, 0.5);
  const { fit, files } = segmentTable(table, { ...parameters, file: "toy.csv" });
  deepEqual(Array.from(fit.labels), [0, 0, 0, 0, 1, 1, 1, 1]);
  deepEqual(fit.sizes, [4, 4]);
  equal(fit.description, "rows split at 0.5 on the first feature");
  const summary = JSON.parse(String(files["summary.json"]));
  equal(summary.algorithm, "threshold");
  deepEqual(summary.parameters, { cut: 0.5 });
  const saved = modelFromText(String(files["model.json"]), "model.json");
  deepEqual(saved.clustering, { algorithm: "threshold", model: { kind: "threshold", cut: 0.5 } });
  const assigned = assignTable(saved, aq.table({ spend: [65, 2], visits: [1, 5] }));
  deepEqual(Array.from(assigned.labels), [1, 0]);
});

Deno.test("a registered algorithm's parameter reaches the command line, the notebook cell and the parser", () => {
  match(
    segmentUsage(),
    /\[--cut X\]\s+threshold: where the first feature splits the rows; default 1/,
  );
  match(segmentUsage(), /--algorithm kmeans\|kprototypes\|gmm\|agglomerative\|dbscan\|threshold/);
  const line = notebookParameterLines().find((l) => l.startsWith("const CUT "));
  equal(line?.split(";")[0], 'const CUT = Deno.env.get("BYOD_CUT") ?? "1"');
  throws(() => parseSegmentationParameters({ cut: "-1" }), /Invalid cut: "-1"/);
  throws(
    () => registerAlgorithm(THRESHOLD),
    /An algorithm named "threshold" is already registered/,
  );
  throws(
    () => modelFromText(JSON.stringify({ kind: "segmentation", version: 3 }), "m.json"),
    /Not a segmentation model \(file m\.json\)/,
  );
});
