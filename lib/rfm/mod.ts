/**
 * The RFM pipeline: clean → aggregate → score → segments → rules → products
 * → migration → files, as one function ({@link runRFM}) that `deno task rfm`
 * and notebook 02 both call.
 *
 * @module
 */
export { type RFMCleaning, type RFMRun, runRFM } from "./run_rfm.ts";
export {
  checkRFMOptions,
  MEMORY_LIMIT_PATTERN,
  RFM_RULE_DEPTH,
  type RFMOptions,
} from "./rfm_options.ts";
export {
  cleaningReportFiles,
  RFM_FILES,
  rfmExportFileNames,
  rfmFiles,
  type RFMFilesInput,
} from "./rfm_files.ts";
export { withMemoryLimit } from "./memory_limit.ts";
export {
  type RFMCustomerValue,
  rfmCustomerValue,
  type RFMCustomerValueOptions,
  type RFMHoldout,
} from "./rfm_clv.ts";
