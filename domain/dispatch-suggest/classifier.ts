import { DEFAULT_FEATURE_OPTIONS, fitVocabulary, vectorize, type FeatureOptions, type Vocabulary } from "./features";
import { topLabels, type LinearModel, type ScoredLabel } from "./model";
import { DEFAULT_TRAINING_OPTIONS, trainLinearModel, type TrainingOptions } from "./train";

/** A trained text classifier: the vocabulary it reads with and the model it scores with. */
export interface TextClassifier {
  vocabulary: Vocabulary;
  model: LinearModel;
}

export interface LabelledText {
  text: string;
  label: string;
}

export interface ClassifierOptions {
  features: FeatureOptions;
  training: TrainingOptions;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = { features: DEFAULT_FEATURE_OPTIONS, training: DEFAULT_TRAINING_OPTIONS };

export function trainClassifier(examples: readonly LabelledText[], options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS): TextClassifier {
  // Sorted so that the same examples always give the same label order (and the same model).
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const { vocabulary, vectors } = fitVocabulary(
    examples.map((e) => e.text),
    options.features,
  );
  const samples = vectors.map((vector, i) => ({ vector, label: labelIndex.get(examples[i]?.label ?? "") ?? 0 }));
  return { vocabulary, model: trainLinearModel(samples, labels, vocabulary.terms.length, options.training) };
}

/** The k most likely labels for a text, best first, with softmax probabilities. */
export function classify(classifier: TextClassifier, text: string, k = 3): ScoredLabel[] {
  return topLabels(classifier.model, vectorize(classifier.vocabulary, text), k);
}
