import { describe, expect, it } from "vitest";
import { classify, trainClassifier, type LabelledText } from "./classifier";
import { cleanText, DEFAULT_FEATURE_OPTIONS, extractTerms, fitVocabulary, vectorize } from "./features";
import { softmaxInPlace } from "./model";
import { deserializeClassifier, serializeClassifier } from "./serialize";
import { DEFAULT_TRAINING_OPTIONS } from "./train";

/** Three departments' worth of small, unambiguous messages. */
const FIXTURE: LabelledText[] = [
  ...["路灯不亮，晚上很黑", "小区门口路灯坏了", "道路路灯损坏需要维修", "街边路灯一直不亮", "路灯闪烁影响出行", "人行道路灯倒了"].map((text) => ({ text, label: "城管" })),
  ...["孩子入学学位不足", "小学招生划片问题", "幼儿园入园难", "学校收费不合理", "学生放学时间太早", "初中学位申请咨询"].map((text) => ({ text, label: "教育" })),
  ...["公交车晚点严重", "地铁站换乘不便", "公交线路调整咨询", "出租车拒载投诉", "公交站台太远", "地铁末班车太早"].map((text) => ({ text, label: "交通" })),
];

describe("dispatch-suggestion features", () => {
  it("masks digits and star runs, and yields jieba words plus 1–3 character n-grams", () => {
    expect(cleanText("２号楼****小区")).toBe("0号楼＊小区");
    const terms = extractTerms("门口的路灯坏了", DEFAULT_FEATURE_OPTIONS);
    expect(terms).toContain("w:路灯");
    expect(terms).toContain("c:路");
    expect(terms).toContain("c:路灯");
    expect(terms).toContain("c:路灯坏");
    expect(terms).not.toContain("c:路灯坏了");
  });

  it("builds l2-normalised sublinear TF-IDF vectors and ignores unknown terms", () => {
    const { vocabulary, vectors } = fitVocabulary(["路灯 路灯 路灯", "路灯 学校", "学校"], { ...DEFAULT_FEATURE_OPTIONS, minDocumentFrequency: 1 });
    for (const v of vectors) expect(Math.hypot(...v.values)).toBeCloseTo(1, 6);
    // Three occurrences weigh 1 + ln 3, not 3: sublinear tf.
    const repeated = vectorize(vocabulary, "路灯 路灯 路灯");
    const once = vectorize(vocabulary, "路灯");
    expect(repeated.indices).toEqual(once.indices);
    expect(vectorize(vocabulary, "火星").indices).toEqual([]);
  });

  it("softmax gives probabilities that sum to 1 without overflow", () => {
    const p = softmaxInPlace(Float64Array.from([1000, 999, -5]));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(p[0]!).toBeGreaterThan(p[1]!);
  });
});

describe("dispatch-suggestion classifier", () => {
  const classifier = trainClassifier(FIXTURE);

  it("ranks the right department first on unseen phrasings, with confidences that sum to at most 1", () => {
    const cases: [string, string][] = [
      ["我家楼下路灯坏了好几天", "城管"],
      ["孩子明年小学入学怎么申请学位", "教育"],
      ["这条公交线路太绕了", "交通"],
    ];
    for (const [text, label] of cases) {
      const top = classify(classifier, text, 3);
      expect(top[0]?.label, text).toBe(label);
      expect(top).toHaveLength(3);
      expect(top[0]!.score).toBeGreaterThan(top[1]!.score);
      expect(top.reduce((s, x) => s + x.score, 0)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it("is reproducible: the same examples give the same weights", () => {
    const again = trainClassifier(FIXTURE);
    expect(Array.from(again.model.weights)).toEqual(Array.from(classifier.model.weights));
  });

  it("survives serialisation unchanged", () => {
    const restored = deserializeClassifier(serializeClassifier(classifier));
    expect(restored.vocabulary.terms).toEqual(classifier.vocabulary.terms);
    expect(classify(restored, "地铁换乘太远", 3)).toEqual(classify(classifier, "地铁换乘太远", 3));
  });

  it("takes priorCorrection · ln(prior) off each label's bias, leaving the weights alone", () => {
    const skewed: LabelledText[] = [...FIXTURE, ...FIXTURE.filter((e) => e.label === "城管")];
    const plain = trainClassifier(skewed, { features: DEFAULT_FEATURE_OPTIONS, training: { ...DEFAULT_TRAINING_OPTIONS, priorCorrection: 0 } });
    const corrected = trainClassifier(skewed, { features: DEFAULT_FEATURE_OPTIONS, training: { ...DEFAULT_TRAINING_OPTIONS, priorCorrection: 0.5 } });
    expect(Array.from(corrected.model.weights)).toEqual(Array.from(plain.model.weights));
    const prior = new Map([["城管", 12 / 24], ["教育", 6 / 24], ["交通", 6 / 24]]);
    corrected.model.labels.forEach((label, c) => {
      expect(corrected.model.bias[c]!).toBeCloseTo(plain.model.bias[c]! - 0.5 * Math.log(prior.get(label)!), 5);
    });
  });

  it("refuses a model whose weights do not fit its vocabulary", () => {
    const broken = JSON.parse(serializeClassifier(classifier)) as { terms: string[] };
    broken.terms.push("w:多余");
    expect(() => deserializeClassifier(JSON.stringify(broken))).toThrow(/does not match/);
  });
});
