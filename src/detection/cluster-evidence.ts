/**
 * Cluster evidence shared between replicas. A hydra spread round-robin over N replicas leaves
 * each with 1/N of every cluster's requests; pooling the replicas' windows of a cluster
 * (merge-windows.ts) scores it as one replica seeing all of them would. The detector calls this
 * from its refresh loop only — off the request path — and the exchange itself is asynchronous:
 * `others` answers from what the previous exchange fetched (one refresh interval old at most).
 */
export interface ClusterEvidence {
  /** The other replicas' windows of a cluster (by its logged id), as last fetched. */
  others(cluster: string): readonly Float64Array[] | undefined;
  /** This replica's windows of the clusters it just scored, to share (copied at once). */
  publish(
    clusters: readonly (readonly [cluster: string, window: Float64Array])[],
    now: number,
  ): void;
}
