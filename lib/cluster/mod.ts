/**
 * Clustering algorithms, one file each, behind one registry: k-means, k-prototypes, DBSCAN,
 * agglomerative (Ward, complete, average) and the Gaussian mixture; their parameters declared
 * once in their registry entries.
 *
 * @module
 */
export {
  type AlgorithmFit,
  type ChooseKSettings,
  type ClusterAlgorithm,
  type ClusterData,
  type FitSettings,
  type OwnKChoice,
  type ParameterValues,
} from "./algorithm.ts";
export {
  declareParameter,
  oneOf,
  type ParameterDeclaration,
  type ParameterSpec,
  type ParameterValue,
  parameterValue,
  positiveNumber,
  wholeNumber,
} from "./parameter.ts";
export { N_INIT, SEED } from "./shared_parameters.ts";
export {
  algorithmEntry,
  algorithmNames,
  algorithmParameters,
  registerAlgorithm,
} from "./registry.ts";
export {
  type CentroidModel,
  centroidModel,
  centroidModelProblem,
  clusterCentroids,
  nearestCentre,
} from "./centroids.ts";
export {
  assignKMeans,
  BLOCK_ROWS,
  fitKMeans,
  type KMeansFit,
  type KMeansModel,
  type KMeansOptions,
  MAX_DEFAULT_THREADS,
  PARALLEL_MIN_WORK,
} from "./kmeans.ts";
export { KMEANS } from "./kmeans_entry.ts";
export {
  kmeansPlusPlus,
  type KMeansPlusPlusSeeds,
  seedKMeansPlusPlus,
  squaredDistance,
} from "./kmeans_plus_plus.ts";
export {
  boxDistance,
  buildKDTree,
  createNeighborBuffer,
  type KDTree,
  type KDTreeOptions,
  knnSquaredDistances,
  type NeighborBuffer,
  radiusNeighbors,
} from "./kd_tree.ts";
export { type DBSCANFit, type DBSCANOptions, fitDBSCAN } from "./dbscan.ts";
export { DBSCAN, EPS, MIN_SAMPLES } from "./dbscan_entry.ts";
export {
  type AgglomerativeFit,
  type AgglomerativeOptions,
  cutTree,
  fitAgglomerative,
  type Linkage,
  type Merge,
} from "./hierarchical.ts";
export { AGGLOMERATIVE, LINKAGE } from "./agglomerative_entry.ts";
export {
  assignGMM,
  type CovarianceType,
  fitGMM,
  type GMMFit,
  type GMMModel,
  type GMMOptions,
  type GMMSweepOptions,
  type GMMSweepPoint,
  sweepGMM,
} from "./gmm.ts";
export { COVARIANCE, GMM } from "./gmm_entry.ts";
export {
  assignKPrototypes,
  categoricalFromRows,
  type CategoricalMatrix,
  fitKPrototypes,
  kPrototypesCost,
  type KPrototypesFit,
  type KPrototypesModel,
  type KPrototypesOptions,
} from "./kprototypes.ts";
export { GAMMA, KPROTOTYPES } from "./kprototypes_entry.ts";
export {
  ALGORITHM_TITLES,
  type AlgorithmName,
  type AlgorithmRun,
  ALGORITHMS,
  runAlgorithm,
  type RunAlgorithmOptions,
} from "./run_algorithm.ts";
export { findKnee, type KneeOptions } from "./knee.ts";
export {
  type EpsSuggestion,
  kDistances,
  suggestEps,
  type SuggestEpsOptions,
} from "./k_distance.ts";
