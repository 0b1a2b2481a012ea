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

/** A graph input or output. dtype: 'float32', 'int8', ...; format: 'NHWC', 'NCHW', ... */
export interface TensorInfo {
  name: string;
  dtype: string;
  dims: number[];
  format: string;
}

/** A layer: a node with constant weights (conv, FC, MatMul, BiasAdd, Scale, ...) or a MatMul. */
export interface LayerInfo {
  name: string;
  op: string;
  /** The weight tensor's name ('' when the layer has none). */
  weight: string;
  weightDims: number[];
  /** Elements of the layer's constant float inputs (weights and biases). */
  params: number;
  /** Of those, the elements not equal to zero (quantized weights: not measured, equal to params). */
  nonzeros: number;
  /** Multiply-accumulates for the model's input dims (FLOPs are 2 x MACs). Ops other than conv/FC/MatMul: 0. */
  macs: number;
  /** Bytes of the layer's constant data. */
  bytes: number;
  quantized: boolean;
}

export interface ModelSummary {
  name: string;
  /** The converter's version string, e.g. 'MindSpore Lite 1.5.0'. */
  version: string;
  /** The source framework: 'TF', 'CAFFE', 'ONNX', 'MINDIR', 'TFLITE', 'PYTORCH', 'MSLITE', 'OM' or 'UNKNOWN'. */
  fmkType: string;
  /** A training graph (loss, gradient and optimizer parts). */
  isTraining: boolean;
  hasQuantizedWeights: boolean;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  nodeCount: number;
  tensorCount: number;
  /** Operator name -> number of nodes. */
  ops: Record<string, number>;
  params: number;
  nonzeros: number;
  /** Total multiply-accumulates (not FLOPs). */
  macs: number;
  /** Size of the file the model was read from. */
  fileBytes: number;
  /** False when an op has no shape rule and some MACs used the file's recorded dims. */
  shapesInferred: boolean;
  /** False when some layer's output size is unknown (dynamic dims) and its MACs count as 0. */
  macsComplete: boolean;
  layers: LayerInfo[];
}

/**
 * A MindSpore Lite model held in native memory. Weights are views into the model's own copy of
 * the file: reading is zero-copy and setTensorData edits weights in place.
 */
export class Model {
  private constructor();
  /** Copies the bytes once, then parses and verifies them. Throws INVALID_MODEL with a reason. */
  static fromBuffer(bytes: ArrayBuffer): Model;
  summary(): ModelSummary;
  /** An independent copy (the file bytes are copied once). */
  clone(): Model;
  /** A valid .ms file of the current graph (version 'MindSpore Lite 2.1.0'). */
  toBuffer(): ArrayBuffer;
  /** Every tensor's name, in file order. */
  tensorNames(): string[];
  /** A copy of a float32 constant's data (later edits of the model do not change it). BAD_ARGUMENT otherwise. */
  getTensorData(name: string): Float32Array;
  /** Overwrites a float32 constant in place; the element count must match (BAD_ARGUMENT otherwise). */
  setTensorData(name: string, values: Float32Array): void;
}

// ---- engine ----

/**
 * The reference CPU engine. Inputs and outputs are float32 in the model's layout (NHWC for
 * images), one Float32Array per graph input in graph-input order, each with exactly the input's
 * element count. Errors: UNSUPPORTED_OP (an op the engine lacks, named with a node, before
 * anything runs), UNSUPPORTED (training graphs, quantized weights), BAD_ARGUMENT (wrong input
 * count or size, malformed shapes), INVALID_MODEL, CANCELLED, OUT_OF_MEMORY.
 */

/** A flag shared with running jobs: cancel() makes them reject with CANCELLED before their next op. */
export class CancelToken {
  constructor();
  cancel(): void;
  isCancelled(): boolean;
}

export interface RunOptions {
  /** Threads for the kernels (1..64, default 1). */
  threads?: number;
  /** Measure every op (RunResult.opTimes). */
  timeOps?: boolean;
  /** One shape per graph input replacing the model's own (e.g. another batch size). */
  inputDims?: number[][];
  cancel?: CancelToken;
}

export interface OutputTensor {
  name: string;
  dims: number[];
  data: Float32Array;
}

/** Time of one node in one run. */
export interface OpTime {
  node: string;
  op: string;
  ms: number;
}

export interface RunResult {
  /** One per graph output, in graph order. */
  outputs: OutputTensor[];
  /** Per node in execution order (only with timeOps). */
  opTimes?: OpTime[];
}

export interface BenchmarkOptions {
  /** Timed runs (default 20). */
  runs?: number;
  /** Untimed runs first (default 3). */
  warmup?: number;
  threads?: number;
  /** Mean time per node over the timed runs (BenchmarkResult.opTimes). */
  timeOps?: boolean;
  inputDims?: number[][];
  /** Inputs to run; by default every input is filled with a fixed deterministic pattern in [-1, 1). */
  inputs?: Float32Array[];
  cancel?: CancelToken;
}

export interface BenchmarkResult {
  /** Wall time of each timed run of the whole model. */
  timesMs: number[];
  /** Executor creation and preparation (shape inference, memory plan). */
  initMs: number;
  threads: number;
  runs: number;
  warmup: number;
  /** Activation memory planned for one run (weights are views of the model, not counted). */
  arenaBytes: number;
  inputDims: number[][];
  opTimes?: OpTime[];
}

export interface GemmBenchResult {
  /** Median of the timed runs of the engine's GEMM. */
  engineMs: number;
  /** One run of the textbook triple loop, single thread. */
  naiveMs: number;
  engineGflops: number;
  naiveGflops: number;
  /** Largest difference between the two products. */
  maxAbsDiff: number;
}

/** Runs the model once on the calling thread. */
export const runModel: (model: Model, inputs: Float32Array[], options?: RunOptions) => RunResult;

/**
 * Runs each batch (one Float32Array per graph input) on a worker thread; onProgress(done, total)
 * after each. The model and inputs are copied at the call: later edits do not affect the job.
 */
export const runModelAsync: (model: Model, batches: Float32Array[][], options?: RunOptions,
  onProgress?: (done: number, total: number) => void) => Promise<RunResult[]>;

/** Warm-up runs, then timed runs of the whole model on a worker thread (a copy of the model). */
export const benchmarkAsync: (model: Model, options?: BenchmarkOptions,
  onProgress?: (done: number, total: number) => void) => Promise<BenchmarkResult>;

/** C = A·B (m x k times k x n) with the engine's GEMM and with a naive triple loop, synchronously. */
export const benchGemm: (m: number, n: number, k: number, threads: number, repeats: number) => GemmBenchResult;

/** Names of the ops the engine runs, sorted. */
export const engineOps: () => string[];

// ---- prune ----

export type PruneMethod = 'unstructured' | 'nm' | 'structured';
/**
 * magnitude: |w| per weight (unstructured, nm). l1 / l2: norm of each output channel's filter.
 * activation: mean |a| per channel; apoz: share of zeros after ReLU (both need `samples`).
 * taylor: first-order Taylor, needs `gradients` (the project has no backward pass yet).
 * random: a seeded baseline.
 */
export type PruneCriterion = 'magnitude' | 'l1' | 'l2' | 'activation' | 'apoz' | 'taylor' | 'random';
export type PruneScope = 'layer' | 'global';

/** The loss gradient of one weight tensor (for the taylor criterion). */
export interface WeightGradient {
  tensor: string;
  gradient: Float32Array;
}

/**
 * What pruneModel does. Give exactly one of sparsity (share to remove, in [0, 1)) or threshold
 * (remove what scores below it) for unstructured and structured pruning; neither for nm.
 */
export interface PrunePlan {
  method: PruneMethod;
  /** Default: l1 for structured, magnitude otherwise. */
  criterion?: PruneCriterion;
  sparsity?: number;
  threshold?: number;
  /** 'layer' (default): each layer (channel group) loses the same share; 'global': one ranking. */
  scope?: PruneScope;
  /** Layer (node) names to prune; default every conv / FullConnection / MatMul layer. */
  layers?: string[];
  exclude?: string[];
  /** Default true: the first convolution stays whole (naming it in `layers` overrides). */
  keepFirstConv?: boolean;
  /** Default true: the last weight layer (the classifier) stays whole. */
  keepLastLayer?: boolean;
  /** nm: keep n of every m consecutive weights along the input dimension (default 2 and 4). */
  n?: number;
  m?: number;
  /** structured: keep channel counts multiples of this (default 1). */
  roundTo?: number;
  /** random criterion seed (default 1). */
  seed?: number;
  /** Calibration samples for activation / apoz: whole samples of the graph input (NHWC, no batch dim), back to back. */
  samples?: Float32Array;
  gradients?: WeightGradient[];
}

export interface PruneTotals {
  /** Float constants read by the model's nodes (as inspect counts them). */
  params: number;
  nonzeros: number;
  /** Dense multiply-accumulates of one inference (FLOPs = 2 x MACs). */
  macs: number;
}

export interface PruneLayerReport {
  name: string;
  op: string;
  weight: string;
  /** The plan selected this layer. */
  chosen: boolean;
  paramsBefore: number;
  paramsAfter: number;
  nonzerosBefore: number;
  nonzerosAfter: number;
  macsBefore: number;
  macsAfter: number;
  outChannelsBefore: number;
  outChannelsAfter: number;
  inChannelsBefore: number;
  inChannelsAfter: number;
  /** Output channels removed (original numbering). */
  removedChannels: number[];
  /** Weights set to zero by this run (unstructured, nm). */
  zeroed: number;
  /** Why a chosen layer was left as it was ('' otherwise). */
  note: string;
}

/** A set of coupled tensor slices that lose the same channels (structured pruning). */
export interface ChannelGroupInfo {
  id: number;
  channels: number;
  /** Layers whose output channels these are. */
  roots: string[];
  /** Every node touched when the group loses a channel. */
  members: string[];
  prunable: boolean;
  /** Why not, when not prunable. */
  reason: string;
  /** Channels removed (in a PruneReport; empty from channelGroups). */
  removed: number[];
}

/** Where a group's channel c lies in one tensor: offset + r * period + c * block + j (r < repeats, j < block). */
export interface ChannelSliceInfo {
  tensor: string;
  axis: number;
  offset: number;
  block: number;
  period: number;
  repeats: number;
  constant: boolean;
}

export interface ChannelGroupDetail extends ChannelGroupInfo {
  slices: ChannelSliceInfo[];
}

export interface PruneReport {
  method: PruneMethod;
  criterion: PruneCriterion;
  scope: PruneScope;
  sparsity?: number;
  threshold?: number;
  n?: number;
  m?: number;
  /** Weights of the chosen layers, and how many of them are zero afterwards. */
  prunableWeights: number;
  prunableZerosAfter: number;
  achievedSparsity: number;
  /** structured: channels of the groups pruned, and how many were removed. */
  prunableChannels: number;
  removedChannels: number;
  before: PruneTotals;
  after: PruneTotals;
  layers: PruneLayerReport[];
  groups: ChannelGroupInfo[];
  notes: string[];
}

/**
 * Prunes `model` in place (clone() it first to keep the original) and reports what changed.
 * BAD_ARGUMENT for a bad plan (sparsity outside [0, 1), NaN, unknown layer, n > m, activation
 * criteria without samples, ...); UNSUPPORTED for structured pruning of a training graph or of
 * quantized weights, and taylor without gradients. On any error the model is left unchanged.
 */
export const pruneModel: (model: Model, plan: PrunePlan) => PruneReport;

/** The channel dependency groups structured pruning would use, with their slices. */
export const channelGroups: (model: Model) => ChannelGroupDetail[];
