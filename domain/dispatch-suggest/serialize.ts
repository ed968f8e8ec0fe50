import { z } from "zod";
import type { TextClassifier } from "./classifier";

/**
 * A classifier as one JSON string for the `dispatch_models` table. The weight matrix is the bulk,
 * so it travels as base64 of its Float32 bytes (a third of the size of a JSON number array).
 */
const FORMAT_VERSION = 1;

const serializedSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  options: z.object({ minNgram: z.number(), maxNgram: z.number(), minDocumentFrequency: z.number(), wordBigrams: z.boolean() }),
  terms: z.array(z.string()),
  idf: z.array(z.number()),
  labels: z.array(z.string()),
  bias: z.array(z.number()),
  weights: z.string(),
});

export function serializeClassifier(classifier: TextClassifier): string {
  const { vocabulary, model } = classifier;
  return JSON.stringify({
    version: FORMAT_VERSION,
    options: vocabulary.options,
    terms: vocabulary.terms,
    idf: vocabulary.idf,
    labels: model.labels,
    bias: [...model.bias],
    weights: Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength).toString("base64"),
  });
}

export function deserializeClassifier(text: string): TextClassifier {
  const parsed = serializedSchema.parse(JSON.parse(text));
  const bytes = Buffer.from(parsed.weights, "base64");
  // Copy into a fresh, aligned buffer: a Buffer's offset need not be a multiple of 4.
  const weights = new Float32Array(new Uint8Array(bytes).buffer);
  if (weights.length !== parsed.terms.length * parsed.labels.length || parsed.idf.length !== parsed.terms.length) {
    throw new Error("dispatch model: weight matrix does not match vocabulary and labels");
  }
  return {
    vocabulary: { options: parsed.options, terms: parsed.terms, idf: parsed.idf },
    model: { labels: parsed.labels, weights, bias: Float32Array.from(parsed.bias) },
  };
}
