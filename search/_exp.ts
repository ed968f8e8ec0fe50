// scratch experiment harness (to be deleted)
import { readFileSync } from "node:fs";
import { deriveTitle } from "~/domain/knowledge/title";
import { analyzeQuery, normalizeText, QUERY_STOP_WORDS, segmentForIndex, words } from "./analysis";
import { answerTraits, wantedTraits } from "./answer-types";

const arts = readFileSync("../shared/data/kb/articles.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l) as { id: string; department?: string; body: string }).filter((a) => a.body.trim());
const qs = readFileSync("../shared/data/kb/queries-dev.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l) as { q: string; expect: string });
const split = process.env.SPLIT ?? "A";
const queries = qs.filter((_, i) => split === "all" || (i % 2 === 0) === (split === "A"));

type Vec = Map<string, number>;
interface Field { tf: Vec[]; len: number[]; avg: number; }
const N = arts.length;
const titles = arts.map((a) => deriveTitle(a.body));

function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of normalizeText(text).split(/[^\p{L}\p{N}]+/u)) {
    const cs = [...run];
    if (cs.length === 1) out.push(cs[0]!);
    for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i]! + cs[i + 1]!);
  }
  return out;
}
function wordToks(text: string): string[] {
  return segmentForIndex(text).map((t) => t.word);
}
function build(fn: (t: string) => string[], texts: string[]): Field {
  const tf = texts.map((t) => {
    const m: Vec = new Map();
    for (const w of fn(t)) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  });
  const len = texts.map((t) => fn(t).length);
  return { tf, len, avg: len.reduce((a, b) => a + b, 0) / len.length };
}
const bodyW = build(wordToks, arts.map((a) => a.body));
const titleW = build(wordToks, titles);
const bodyB = build(bigrams, arts.map((a) => a.body));
const titleB = build(bigrams, titles);
const deptW = build(wordToks, arts.map((a) => a.department ?? ""));
const nbText = arts.map((a, i) => [arts[i - 1], arts[i + 1]].filter((x) => x && x.department === a.department).map((x) => deriveTitle(x!.body)).join("。"));
const nbW = build(wordToks, nbText);
const uniF = build((t) => [...normalizeText(t)].filter((c) => /[\p{L}\p{N}]/u.test(c)), arts.map((a) => a.body));
const dfU = dfOf([uniF]);
const traits = arts.map((a) => answerTraits(a.body));

function dfOf(fields: Field[]): Map<string, number> {
  const df = new Map<string, number>();
  for (let d = 0; d < N; d++) {
    const s = new Set<string>();
    for (const f of fields) for (const k of f.tf[d]!.keys()) s.add(k);
    for (const k of s) df.set(k, (df.get(k) ?? 0) + 1);
  }
  return df;
}
const dfW = dfOf([bodyW, titleW, deptW]);

const dfB = dfOf([bodyB, titleB]);
const idf = (df: number) => Math.log(1 + (N - df + 0.5) / (df + 0.5));

const P = {
  k1: +(process.env.K1 ?? 1.2), b: +(process.env.B ?? 0.75), tw: +(process.env.TW ?? 2), dw: +(process.env.DW ?? 1.5),
  k1b: +(process.env.K1B ?? 1.2), bb: +(process.env.BB ?? 0.75), twb: +(process.env.TWB ?? 2),
  lam: +(process.env.LAM ?? 0), sub: +(process.env.SUB ?? 0.7), at: +(process.env.AT ?? 0), fuse: process.env.FUSE ?? "sum",
  prf: +(process.env.PRF ?? 0), prfk: +(process.env.PRFK ?? 5), prft: +(process.env.PRFT ?? 10), cov: +(process.env.COV ?? 0), nb: +(process.env.NB ?? 0), uni: +(process.env.UNI ?? 0),
};

// BM25F over term weights q: Map term -> query weight
function bm25f(q: Vec, body: Field, title: Field, df: Map<string, number>, k1: number, b: number, tw: number, extra?: { f: Field; w: number }): Float64Array {
  const s = new Float64Array(N);
  for (const [t, qw] of q) {
    const d0 = df.get(t);
    if (!d0) continue;
    const w = idf(d0) * qw;
    for (let d = 0; d < N; d++) {
      const tf = (body.tf[d]!.get(t) ?? 0) + tw * (title.tf[d]!.get(t) ?? 0) + (extra ? extra.w * (extra.f.tf[d]!.get(t) ?? 0) : 0);
      if (!tf) continue;
      const norm = 1 - b + (b * body.len[d]!) / body.avg;
      s[d]! += (w * tf * (k1 + 1)) / (tf + k1 * norm);
    }
  }
  return s;
}

function queryWords(q: string): Vec {
  const m: Vec = new Map();
  for (const c of analyzeQuery(q)) for (const a of c.alternatives) if (a.words.length === 1) m.set(a.words[0]!, Math.max(m.get(a.words[0]!) ?? 0, a.factor === 1 ? 1 : P.sub));
  return m;
}
function queryBigrams(q: string): Vec {
  // bigrams within runs of non-stop words
  const ws = words(q);
  const runs: string[] = [];
  let cur = "";
  for (const w of ws) {
    if (QUERY_STOP_WORDS.has(w)) { if (cur) runs.push(cur); cur = ""; } else cur += w;
  }
  if (cur) runs.push(cur);
  const m: Vec = new Map();
  for (const r of runs) for (const g of bigrams(r)) m.set(g, (m.get(g) ?? 0) + 1);
  return m;
}

function norm(s: Float64Array): Float64Array {
  let mx = 0;
  for (const v of s) mx = Math.max(mx, v);
  return mx ? s.map((v) => v / mx) : s;
}
function ranks(s: Float64Array): Float64Array {
  const idx = [...s.keys()].sort((a, b) => s[b]! - s[a]!);
  const r = new Float64Array(N);
  idx.forEach((d, i) => (r[d] = s[d]! > 0 ? 1 / (60 + i) : 0));
  return r;
}

function scoreQuery(q: string): Float64Array {
  const qw = queryWords(q);
  let sw = bm25f(qw, bodyW, titleW, dfW, P.k1, P.b, P.tw, { f: deptW, w: P.dw });
  if (P.nb > 0) { const sn = bm25f(qw, bodyW, nbW, dfW, P.k1, P.b, P.nb); sw = sn; }
  if (P.uni > 0) { const qu: Vec = new Map(); for (const g of queryBigrams(q).keys()) for (const c of g) qu.set(c, 1); const su = norm(bm25f(qu, uniF, uniF, dfU, 1.2, 0.75, 0)); sw = norm(sw).map((v, i) => v + P.uni * su[i]!); }
  let total: Float64Array;
  if (P.lam > 0) {
    const qb = queryBigrams(q);
    const sb = bm25f(qb, bodyB, titleB, dfB, P.k1b, P.bb, P.twb);
    if (P.fuse === "rrf") { const a = ranks(sw), c = ranks(sb); total = a.map((v, i) => v + P.lam * c[i]!); }
    else { const a = norm(sw), c = norm(sb); total = a.map((v, i) => v + P.lam * c[i]!); }
  } else total = norm(sw);
  if (P.prf > 0) {
    const top = [...total.keys()].sort((a, b) => total[b]! - total[a]!).slice(0, P.prfk);
    const exp: Vec = new Map();
    for (const d of top) {
      const f = bodyW.tf[d]!;
      const L = bodyW.len[d]!;
      for (const [t, c] of f) if ([...t].length >= 2 && !QUERY_STOP_WORDS.has(t)) exp.set(t, (exp.get(t) ?? 0) + (c / L) * idf(dfW.get(t) ?? N) * total[d]!);
    }
    const terms = [...exp].filter(([t]) => !qw.has(t)).sort((a, b) => b[1] - a[1]).slice(0, P.prft);
    const mx = terms[0]?.[1] ?? 1;
    const eq: Vec = new Map(terms.map(([t, v]) => [t, v / mx]));
    const se = norm(bm25f(eq, bodyW, titleW, dfW, P.k1, P.b, P.tw));
    total = total.map((v, i) => v + P.prf * se[i]!);
  }
  if (P.at > 0) {
    const wanted = wantedTraits(q);
    if (wanted.length) total = total.map((v, i) => v * (1 + (P.at / wanted.length) * wanted.filter((bit) => traits[i]! & bit).length));
  }
  return total;
}

let r1 = 0, r5 = 0, r10 = 0, mrr = 0;
const misses: string[] = [];
for (const { q, expect } of queries) {
  const s = scoreQuery(q);
  const target = arts.findIndex((a) => a.id === expect);
  const ts = s[target]!;
  let rank = 1;
  for (let d = 0; d < N; d++) if (s[d]! > ts || (s[d] === ts && d < target)) rank++;
  if (ts === 0) rank = 9999;
  if (rank === 1) r1++;
  if (rank <= 5) r5++;
  if (rank <= 10) { r10++; mrr += 1 / rank; }
  if (rank > 5 && process.env.MISSES) misses.push(`${rank}\t${q}\t${titles[target]}`);
}
const n = queries.length;
console.log(`${split} n=${n} ${JSON.stringify(P)} R1 ${(r1 / n).toFixed(3)} R5 ${(r5 / n).toFixed(3)} R10 ${(r10 / n).toFixed(3)} MRR ${(mrr / n).toFixed(3)}`);
if (misses.length) console.log(misses.slice(0, +(process.env.MISSES ?? 0)).join("\n"));
