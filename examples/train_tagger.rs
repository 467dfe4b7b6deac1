//! Trains the Arabic name tagger (`src/facts/tagger.rs`) on documents in the evaluation's
//! JSONL form (`text` plus `entities: [{kind, start, end}]`, char offsets), e.g. ANERcorp:
//!
//! ```sh
//! cargo run --release --example train_tagger -- \
//!     --data ../shared/eval/anercorp-train.jsonl --out src/facts/data/tagger.bin
//! # cross-validation: fold K holds back the K-th run of consecutive documents (the K-th
//! # fifth for 5 folds; `--fold-by stride` holds back documents i with i % FOLDS == K); writes
//! # DIR/fold-K.bin (weights trained on the rest) and DIR/fold-K.jsonl (the held-back
//! # documents, verbatim) for `score-facts` with AKHBAR_TAGGER_WEIGHTS=DIR/fold-K.bin
//! cargo run --release --example train_tagger -- \
//!     --data ../shared/eval/anercorp-train.jsonl --folds 5 --fold-dir /tmp/folds
//! ```
//!
//! Options: `--epochs N` (default 16, 10 with `--lang en`), `--prune W` (drop feature buckets
//! whose averaged weights are all below W in absolute value; default 0.05), `--dropout P`
//! (leave each feature out of a training step with chance P; default 0.3), `--seeds N` (average N models trained in different orders), `--shuffle S` (another
//! fixed order, to see how much a score owes to the order), `--o-bias B` (lower the O tag's bias weight by B: more names; default 8 for Arabic, 0 for English), `--lang en` (train
//! the English model, `src/facts/tagger_en.rs`, e.g. on `uner-en-ewt-dev.jsonl` into
//! `src/facts/data/tagger_en.bin`; its fold weights are scored with
//! `AKHBAR_TAGGER_EN_WEIGHTS`). Training is deterministic: the documents are shuffled each
//! epoch, and features dropped, by fixed-seed generators.

use akhbar::facts::tagger::{self, Encoded, NTAGS};
use akhbar::facts::tagger_en;
use std::collections::HashMap;
use std::path::PathBuf;

struct Doc {
    id: String,
    line: String,
    enc: Encoded,
    gold: Vec<usize>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts: HashMap<String, String> = HashMap::new();
    let mut k = 0;
    while k < args.len() {
        let name = args[k].trim_start_matches('-').to_string();
        let value = args.get(k + 1).cloned().unwrap_or_default();
        opts.insert(name, value);
        k += 2;
    }
    let data = opts.get("data").map(PathBuf::from).unwrap_or_else(|| {
        eprintln!("usage: train_tagger --data FILE.jsonl [--out FILE] [--folds K --fold-dir DIR] [--epochs N] [--prune W] [--lang en]");
        std::process::exit(2);
    });
    let english = opts.get("lang").is_some_and(|l| l == "en");
    // The English data is small (25k tokens): without dropout more epochs overfit it (CV
    // pooled token F1 0.582 at 5 epochs, 0.566 at 10, 0.532 at 30, an older model); with
    // dropout 10 epochs are best (0.672 against 0.666 at 8 and 12, mean of 8 orders).
    let epochs: usize = opts
        .get("epochs")
        .and_then(|e| e.parse().ok())
        .unwrap_or(if english { 10 } else { 16 });
    let prune: f32 = opts
        .get("prune")
        .and_then(|e| e.parse().ok())
        .unwrap_or(0.05);
    // The Arabic tagger leans to O (block CV: P 0.816, R 0.645): lowering O's bias weight
    // trades some precision for recall. ANERcorp block CV token F1, mean of folds: 0.715 at
    // 0, 0.716 at 3, 0.722 at 8, 0.717 at 15, 0.693 at 25 (person recall 0.550 -> 0.600 at 8).
    let o_bias: f32 = opts
        .get("o-bias")
        .and_then(|e| e.parse().ok())
        .unwrap_or(if english { 0.0 } else { 8.0 });
    let seeds: usize = opts.get("seeds").and_then(|e| e.parse().ok()).unwrap_or(1);
    // Feature dropout: each feature of a word is left out of its training step with this
    // chance, so the weights do not lean on a few (mostly the word itself) that the small
    // English data overfits. UNER EWT dev CV pooled token F1, mean of 8 training orders,
    // 0.636 without, 0.656 at 0.35 (same features, 8 epochs). The Arabic model too: ANERcorp
    // train 5-fold CV token F1 of `akhbar facts` (mean of folds) 0.753 without, 0.777 at 0.3,
    // 0.769 at 0.5; with the stem n-gram and kinship features 0.787 at 0.2, 0.788 at 0.3,
    // 0.785 at 0.4.
    let dropout: f64 = opts
        .get("dropout")
        .and_then(|e| e.parse().ok())
        .unwrap_or(0.3);
    let shuffle: u64 = opts
        .get("shuffle")
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    let bits = if english {
        tagger_en::BITS
    } else {
        tagger::BITS
    };
    let setup = Setup {
        epochs,
        bits,
        seeds,
        shuffle,
        dropout,
    };
    let text = std::fs::read_to_string(&data).expect("read --data");
    let docs: Vec<Doc> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| load(l, english))
        .collect();
    let tokens: usize = docs.iter().map(|d| d.gold.len()).sum();
    eprintln!("{} documents, {tokens} tokens", docs.len());
    let mut counts = [0usize; NTAGS];
    for d in &docs {
        for &g in &d.gold {
            counts[g] += 1;
        }
    }
    eprintln!("gold tags: {counts:?}");

    if let (Some(folds), Some(dir)) = (opts.get("folds"), opts.get("fold-dir")) {
        let folds = folds.parse::<usize>().expect("--folds N").max(1);
        // UNER's records are pieces of at most 12 sentences of one UD document, their ids
        // the document's with `-N` after it, and the file runs genre by genre: folds of
        // whole documents dealt out in turn (`doc`, the English default) keep a document's
        // pieces on one side without holding a whole genre back. ANERcorp's ids name no
        // story, so its folds stay runs of consecutive documents (`block`).
        let by = opts
            .get("fold-by")
            .map(String::as_str)
            .unwrap_or(if english { "doc" } else { "block" });
        let groups = doc_groups(&docs);
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("create --fold-dir");
        for fold in 0..folds {
            let fold_at = |i: usize| fold_of(i, docs.len(), folds, by, &groups);
            let train: Vec<&Doc> = docs
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_at(*i) != fold)
                .map(|(_, d)| d)
                .collect();
            let held: Vec<&Doc> = docs
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_at(*i) == fold)
                .map(|(_, d)| d)
                .collect();
            let mut w = train_on(&train, &setup);
            lower_o(&mut w, o_bias, english);
            let mut bytes = Vec::new();
            let rows = tagger::write_model(&w, prune, &mut bytes);
            std::fs::write(dir.join(format!("fold-{fold}.bin")), &bytes)
                .expect("write fold weights");
            let mut jsonl = String::new();
            for d in &held {
                jsonl.push_str(&d.line);
                jsonl.push('\n');
            }
            std::fs::write(dir.join(format!("fold-{fold}.jsonl")), jsonl)
                .expect("write fold documents");
            let model = tagger::Model::from_bytes(&bytes).expect("weights read back");
            let (p, r, f) = token_f1(&model, &held);
            eprintln!(
                "fold {fold}: train {} docs, held {} docs, {rows} rows, {} bytes; tagger-only token-tag P {p:.3} R {r:.3} F1 {f:.3}",
                train.len(),
                held.len(),
                bytes.len()
            );
        }
    }
    if let Some(out) = opts.get("out") {
        let all: Vec<&Doc> = docs.iter().collect();
        let mut w = train_on(&all, &setup);
        lower_o(&mut w, o_bias, english);
        let mut bytes = Vec::new();
        let rows = tagger::write_model(&w, prune, &mut bytes);
        std::fs::write(out, &bytes).expect("write --out");
        eprintln!(
            "all {} docs: {rows} rows, {} bytes -> {out}",
            all.len(),
            bytes.len()
        );
    }
}

/// The fold of document `i` of `n`. By default a fold is a run of consecutive documents (the
/// first fifth, the second, ...): ANERcorp's documents are ten consecutive sentences, so one
/// news story spans several neighbours, and folds taken every K-th document put the same
/// story, and its names, on both sides (CV 0.788 that way against 0.689 on the held-out
/// test split). `--fold-by stride` gives the older every-K-th folds, to compare; `--fold-by
/// doc` deals whole documents (records sharing an id but for a `-N` piece number) out to the
/// folds in turn.
fn fold_of(i: usize, n: usize, folds: usize, by: &str, groups: &[usize]) -> usize {
    match by {
        "stride" => i % folds,
        "doc" => groups.get(i).copied().unwrap_or(i) % folds,
        _ => (i * folds / n.max(1)).min(folds - 1),
    }
}

/// The document each record is a piece of, numbered in order of first appearance: records
/// whose ids differ only in a trailing `-N` are pieces of one document.
fn doc_groups(docs: &[Doc]) -> Vec<usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    docs.iter()
        .map(|d| {
            let id = d.id.as_str();
            let base = match id.rsplit_once('-') {
                Some((b, n)) if !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) => b,
                _ => id,
            };
            let next = seen.len();
            *seen.entry(base.to_string()).or_insert(next)
        })
        .collect()
}

/// One JSONL record: its tokens' features and gold tags.
fn load(line: &str, english: bool) -> Doc {
    let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON");
    let text = v["text"].as_str().unwrap_or("");
    let enc = if english {
        tagger_en::encode(text)
    } else {
        tagger::encode(text)
    };
    let ents: Vec<(usize, usize, usize)> = v["entities"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| {
                    let b = match e["kind"].as_str()? {
                        "person" => 1,
                        "place" => 3,
                        "organization" => 5,
                        _ => return None,
                    };
                    Some((
                        e["start"].as_u64()? as usize,
                        e["end"].as_u64()? as usize,
                        b,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut gold = vec![0; enc.len()];
    let mut last: Option<usize> = None;
    for (i, &(s, e)) in enc.spans.iter().enumerate() {
        let mut hit = ents.iter().position(|&(a, b, _)| a <= s && e <= b);
        // Punctuation and digits are always tagged O at run time, so the word after one
        // inside a name (McDermott in `Michael J. McDermott`) starts a name again: as I-X
        // it could never be chosen (I-X only follows B-X or I-X) and its updates were
        // wasted. `join_glued` joins the pieces back. English only for now (UNER EWT dev
        // CV pooled token F1 +0.005); the Arabic model keeps its training.
        if english && enc.feats(i).is_empty() {
            hit = None;
        }
        if let Some(k) = hit {
            gold[i] = if last == Some(k) {
                ents[k].2 + 1
            } else {
                ents[k].2
            };
        }
        last = hit;
    }
    Doc {
        id: v["id"].as_str().unwrap_or("").to_string(),
        line: line.to_string(),
        enc,
        gold,
    }
}

/// Lowers the O tag's weight on the bias feature (every word has it) by `by`: fewer O
/// tags, more names, trading precision for recall.
fn lower_o(w: &mut [f32], by: f32, english: bool) {
    if by == 0.0 {
        return;
    }
    let enc = if english {
        tagger_en::encode("word")
    } else {
        tagger::encode("word")
    };
    if let Some(&bias) = enc.feats(0).first() {
        w[bias as usize * NTAGS] -= by;
    }
}

/// A small fixed-seed generator for shuffling.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// How to train: epochs, log2 of the buckets, how many averaged perceptrons to average
/// (`--seeds`), the shuffling seed (`--shuffle`, to see how much a score owes to the order)
/// and the feature dropout.
struct Setup {
    epochs: usize,
    bits: u32,
    seeds: usize,
    shuffle: u64,
    dropout: f64,
}

/// Averaged perceptron, greedy decoding with the predicted previous tags (as at run time).
/// The average of `seeds` averaged perceptrons, each shuffling the documents its own way
/// (one linear model still: the run-time cost is the same).
fn train_on(docs: &[&Doc], setup: &Setup) -> Vec<f32> {
    let base = 0x9e37_79b9_7f4a_7c15 ^ setup.shuffle.wrapping_mul(0x2545_f491_4f6c_dd1d);
    let mut sum = train_one(docs, setup, base);
    for s in 1..setup.seeds {
        let w = train_one(docs, setup, base ^ (s as u64 * 0x1234_5678_9abc));
        for (a, b) in sum.iter_mut().zip(w) {
            *a += b;
        }
    }
    for a in &mut sum {
        *a /= setup.seeds.max(1) as f32;
    }
    sum
}

fn train_one(docs: &[&Doc], setup: &Setup, seed: u64) -> Vec<f32> {
    let bits = setup.bits;
    let size = (1usize << bits) * NTAGS;
    let mut w = vec![0f32; size];
    let mut total = vec![0f64; size];
    let mut stamp = vec![0u32; size];
    let mut clock: u32 = 1;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = Rng(seed);
    let mut feats = Vec::with_capacity(64);
    // A feature is kept when 32 random bits are at most `keep`.
    let keep = ((1.0 - setup.dropout) * f64::from(u32::MAX)) as u64;
    let mut drop_rng = Rng(seed ^ 0x5555_aaaa_1234_4321);
    for epoch in 0..setup.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        let mut seen = 0usize;
        for &d in &order {
            let doc = docs[d];
            let mut tags: Vec<usize> = Vec::with_capacity(doc.gold.len());
            for i in 0..doc.gold.len() {
                let t1 = if i > 0 { tags[i - 1] } else { 0 };
                let t2 = if i > 1 { tags[i - 2] } else { 0 };
                if doc.enc.feats(i).is_empty() {
                    // Punctuation and digits are O, as at run time.
                    tags.push(0);
                    continue;
                }
                feats.clear();
                feats.extend_from_slice(doc.enc.feats(i));
                doc.enc.dynamic(i, t1, t2, &mut feats);
                if setup.dropout > 0.0 {
                    feats.retain(|_| (drop_rng.next() & 0xffff_ffff) <= keep);
                }
                let mut scores = [0f32; NTAGS];
                for &f in &feats {
                    let row = &w[f as usize * NTAGS..f as usize * NTAGS + NTAGS];
                    for (s, x) in scores.iter_mut().zip(row) {
                        *s += x;
                    }
                }
                let mut best = 0;
                for t in 1..NTAGS {
                    if tagger::allowed(t1, t) && scores[t] > scores[best] {
                        best = t;
                    }
                }
                let gold = doc.gold[i];
                if best != gold {
                    errors += 1;
                    for &f in &feats {
                        for (t, delta) in [(gold, 1f32), (best, -1f32)] {
                            let x = f as usize * NTAGS + t;
                            total[x] += f64::from(clock - stamp[x]) * f64::from(w[x]);
                            stamp[x] = clock;
                            w[x] += delta;
                        }
                    }
                }
                clock += 1;
                seen += 1;
                tags.push(best);
            }
        }
        eprintln!("  epoch {epoch}: {errors} errors in {seen} tokens");
    }
    (0..size)
        .map(|x| {
            ((total[x] + f64::from(clock - stamp[x]) * f64::from(w[x])) / f64::from(clock)) as f32
        })
        .collect()
}

/// Precision, recall and F1 of whole names (same tokens, same kind) on held-back
/// documents, the tagger alone.
fn token_f1(model: &tagger::Model, docs: &[&Doc]) -> (f64, f64, f64) {
    let (mut tp, mut pred, mut gold) = (0usize, 0usize, 0usize);
    for d in docs {
        let mut tags = model.tags(&d.enc);
        tagger::consistent(&d.enc, &mut tags);
        let p = tagger::spans_of(&tags);
        let g = tagger::spans_of(&d.gold);
        pred += p.len();
        gold += g.len();
        tp += p.iter().filter(|s| g.contains(s)).count();
    }
    let p = tp as f64 / pred.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    (p, r, 2.0 * p * r / (p + r).max(1e-9))
}
