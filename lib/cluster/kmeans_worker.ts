/**
 * A worker of the k-means pool: runs blocks of {@link runKMeansBlock} over
 * the buffer the main thread shares (see `worker_pool.ts`).
 *
 * @module
 */
import { kmeansScratch, type KMeansShape, kmeansViews, runKMeansBlock } from "./kmeans_blocks.ts";
import { serveBlocks } from "./worker_pool.ts";

serveBlocks((payload) => {
  const { shape, buffer } = payload as { shape: KMeansShape; buffer: SharedArrayBuffer };
  const shared = kmeansViews(shape, buffer);
  const scratch = kmeansScratch(shape);
  return (op, b) => runKMeansBlock(shared, scratch, op, b);
});
