/*
 * Typed surface of the native module libpruner.so (pruner.node on the host).
 * ArkTS-clean: explicit interfaces, no any/unknown. Every function throws a PrunerError-shaped
 * Error (its `code` is one of PrunerErrorCode) on bad input; none crashes the process.
 * Sections below are owned by the layer that implements them.
 */

/** Stable error codes carried by the `code` property of thrown errors. */
export type PrunerErrorCode = 'INVALID_MODEL' | 'UNSUPPORTED_OP' | 'UNSUPPORTED' | 'BAD_ARGUMENT' | 'IO' |
  'CANCELLED' | 'OUT_OF_MEMORY' | 'INTERNAL';

// ---- core ----

/** Statistics of a weight array. NaN elements are counted in nanCount and left out of the rest. */
export interface WeightStats {
  count: number;
  zeros: number;
  nanCount: number;
  l1: number;
  l2: number;
  min: number;
  max: number;
}

/** The native core's version (equal to the app's versionName). */
export const version: () => string;

/** Statistics of `weights`, read in place (no copy). Throws BAD_ARGUMENT for anything but a live Float32Array. */
export const weightStats: (weights: Float32Array) => WeightStats;

// ---- model (codec) ----

// ---- engine ----

// ---- prune ----
