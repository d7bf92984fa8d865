/**
 * Customer lifetime value: the buy-till-you-die summary of the cleaned
 * transactions, BG/NBD (P(alive), expected purchases), Gamma-Gamma (expected
 * value per purchase), discounted CLV, the calibration/holdout check and CLV
 * per segment.
 *
 * @module
 */
export {
  summaryFromTable,
  type TransactionSummary,
  transactionSummary,
  type TransactionSummaryOptions,
  transactionSummarySQL,
} from "./transaction_summary.ts";
export {
  checkHistory,
  type HistoryPatterns,
  historyPatterns,
  type RepeatHistory,
} from "./repeat_data.ts";
export { type BGNBDLikelihood, bgnbdLogLikelihood, type BGNBDParams } from "./bgnbd_likelihood.ts";
export { type BGNBDFit, fitBGNBD, type FitBGNBDOptions } from "./bgnbd_fit.ts";
export {
  conditionalExpectedPurchases,
  expectedPurchasesNewCustomer,
  probabilityAlive,
} from "./bgnbd_predict.ts";
export {
  expectedAverageValue,
  fitGammaGamma,
  type FitGammaGammaOptions,
  type GammaGammaFit,
  gammaGammaLogLikelihood,
  type GammaGammaParams,
} from "./gamma_gamma.ts";
export { customerLifetimeValue, type LifetimeValueOptions, monthlyRate } from "./lifetime_value.ts";
export {
  checkCLVOptions,
  CLV_COLUMNS,
  CLV_DISCOUNT,
  CLV_HORIZON_DAYS,
  CLV_MONTH_DAYS,
  type CustomerValue,
  customerValue,
  type CustomerValueOptions,
} from "./customer_value.ts";
export { holdoutCheck, type HoldoutData, type HoldoutRow } from "./holdout_check.ts";
export {
  type CustomerValueColumns,
  type SegmentValueRow,
  slippingCustomers,
  type SlippingOptions,
  valueBySegment,
} from "./value_by_segment.ts";
export { type BFGSOptions, type BFGSResult, minimizeBFGS, type ValueAndGradient } from "./bfgs.ts";
export { newtonPolish } from "./newton_polish.ts";
export { digamma, hyp2f1, logGamma } from "./special_functions.ts";
