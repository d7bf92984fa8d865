/**
 * Quality of a clustering, as scikit-learn defines it: inertia, silhouette, Davies–Bouldin,
 * Calinski–Harabasz, and the adjusted Rand index between two labellings.
 *
 * @module
 */
export { inertia } from "./inertia.ts";
export {
  sampleRows,
  type SilhouetteOptions,
  silhouetteSamples,
  silhouetteScore,
} from "./silhouette.ts";
export { daviesBouldinScore } from "./davies_bouldin.ts";
export { calinskiHarabaszScore } from "./calinski_harabasz.ts";
export { adjustedRandIndex } from "./adjusted_rand.ts";
