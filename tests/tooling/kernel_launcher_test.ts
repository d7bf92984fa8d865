/**
 * The kernel launcher (`lib/cli/kernel_launcher.py`) at the protocol level,
 * without a browser: a jupyter_client sends every cell of the quick-cells
 * notebook at once, as JupyterLab's Run All does, and every output must come
 * stamped with the request of the cell that made it (each names its cell) and
 * before that cell's idle status. The bare Deno kernel misfiles most of them
 * this way (hundreds of 228 here).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ensureJupyter, jupyterEnv, PROJECT_ROOT } from "../../lib/cli/setup.ts";

const DRIVER = `
import json, os, re, sys, time
from queue import Empty
import psutil
from jupyter_client.manager import start_new_kernel

notebook = sys.argv[1]
cells = [c for c in json.load(open(notebook))["cells"] if c["cell_type"] == "code"]
km, kc = start_new_kernel(kernel_name="deno", cwd=os.path.dirname(notebook))
launcher = psutil.Process(km.provisioner.process.pid)
kernels = launcher.children(recursive=True)
tag = re.compile(r"\\[q\\d\\d\\]")
result = {"outputs": 0, "misfiled": [], "after_idle": 0, "beating": kc.hb_channel.is_beating()}
try:
    cell_of = {}
    for cell in cells:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        cell_of[kc.execute(source)] = cell["id"]
        if len(cell_of) == 3:
            kc.kernel_info()  # a request that is not a cell, amid the cells
    idle = set()
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=1.5 if idle >= set(cell_of) else 120)
        except Empty:
            break
        parent = msg["parent_header"].get("msg_id")
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            idle.add(parent)
        elif kind in ("stream", "display_data", "execute_result", "update_display_data", "error"):
            result["outputs"] += 1
            if parent in idle:
                result["after_idle"] += 1
            tags = set(tag.findall(json.dumps(msg["content"])))
            if kind == "error" or (tags and tags != {"[%s]" % cell_of.get(parent)}):
                result["misfiled"].append([kind, sorted(tags), cell_of.get(parent)])
    result["idle"] = len(idle & set(cell_of))
    result["cells"] = len(cell_of)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
time.sleep(0.5)
result["left_running"] = [p.pid for p in kernels if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
print(json.dumps(result))
`;

Deno.test("the launcher files every output of cells sent all at once under its own cell", async () => {
  const { paths } = await ensureJupyter();
  const notebook = join(PROJECT_ROOT, "tests/fixtures/notebooks/quick_cells.ipynb");
  const output = await new Deno.Command(paths.python, {
    args: ["-c", DRIVER, notebook],
    env: jupyterEnv(paths),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.ok(output.success, stderr);
  const result = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    outputs: number;
    misfiled: unknown[];
    after_idle: number;
    beating: boolean;
    idle: number;
    cells: number;
    left_running: number[];
  };
  assert.deepEqual(result.misfiled, [], "outputs stamped with another cell's request");
  assert.equal(result.after_idle, 0, "outputs after their cell reported idle");
  assert.equal(result.idle, result.cells, "a cell never reported idle");
  assert.ok(result.outputs >= 200, `only ${result.outputs} outputs`);
  assert.equal(result.beating, true, "no heartbeat through the launcher");
  assert.deepEqual(result.left_running, [], "the Deno kernel outlived its shutdown");
});
