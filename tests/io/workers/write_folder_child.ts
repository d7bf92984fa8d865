// A run that writes an output folder and stops at a named step, so a test can kill it there or
// start a second run beside it: `deno run -A write_folder_child.ts DIR TAG [STEP]`.
import { writeOutputFolder } from "../../../lib/io/output_folder.ts";
import { InputError } from "../../../lib/errors.ts";

const [dir, tag, stopAt] = Deno.args;
const files: Record<string, string> = {};
for (const name of ["a.csv", "b.csv", "c.json"]) files[name] = `${tag}\n`;
if (tag === "new") files["sub/d.csv"] = `${tag}\n`;
try {
  await writeOutputFolder(dir!, files, {
    atStep: async (step) => {
      if (step !== stopAt) return;
      console.log(`AT ${step}`);
      setInterval(() => {}, 1000);
      await new Promise(() => {}); // wait here until killed
    },
  });
  console.log("DONE");
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  console.error(error.message);
  Deno.exit(2);
}
