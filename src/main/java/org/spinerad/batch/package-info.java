/**
 * Cohorts larger than one machine: a deterministic partition of manifest rows into shards ({@link Shard}), the shard
 * record each shard run leaves beside its output ({@link ShardRecord}), and the merge of shard tables with integrity
 * checks ({@link ShardMerge}). Knows nothing of SLURM itself: job scripts are written by the {@code cli} adapter.
 */
package org.spinerad.batch;
