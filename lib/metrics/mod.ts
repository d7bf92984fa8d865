/**
 * Quality of a clustering, as scikit-learn defines it: inertia, silhouette, Davies–Bouldin,
 * Calinski–Harabasz, and the adjusted Rand index between two labellings.
 *
 * @module
 */
export * from "./inertia.ts";
export * from "./silhouette.ts";
export * from "./davies_bouldin.ts";
export * from "./calinski_harabasz.ts";
export * from "./adjusted_rand.ts";
