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

// ---- prune ----
