import type { SparseVector } from "./features";

/**
 * A multinomial linear model: one weight per (feature, label) plus a bias per label; scores are
 * the softmax of the logits, so they sum to 1 and read as a confidence.
 * Weights are stored feature-major (`weights[feature * labels.length + label]`) because a sparse
 * vector touches few features and all labels of each.
 */
export interface LinearModel {
  labels: string[];
  weights: Float32Array;
  bias: Float32Array;
}

export interface ScoredLabel {
  label: string;
  score: number;
}

export function logits(model: LinearModel, vector: SparseVector): Float64Array {
  return linearLogits(model.weights, model.bias, vector);
}

/** bias + W·x for feature-major weights (also used by training on its working copy). */
export function linearLogits(weights: Float32Array | Float64Array, bias: Float32Array | Float64Array, vector: SparseVector): Float64Array {
  const classes = bias.length;
  const z = Float64Array.from(bias);
  for (let k = 0; k < vector.indices.length; k += 1) {
    const base = (vector.indices[k] ?? 0) * classes;
    const x = vector.values[k] ?? 0;
    for (let c = 0; c < classes; c += 1) z[c] = (z[c] ?? 0) + (weights[base + c] ?? 0) * x;
  }
  return z;
}

/** In place: logits → probabilities (shifted by the maximum so exp never overflows). */
export function softmaxInPlace(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < z.length; c += 1) {
    z[c] = Math.exp((z[c] ?? 0) - max);
    sum += z[c] ?? 0;
  }
  for (let c = 0; c < z.length; c += 1) z[c] = (z[c] ?? 0) / sum;
  return z;
}

/** The k most probable labels, best first. */
export function topLabels(model: LinearModel, vector: SparseVector, k: number): ScoredLabel[] {
  const probabilities = softmaxInPlace(logits(model, vector));
  return model.labels
    .map((label, c) => ({ label, score: probabilities[c] ?? 0 }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}
