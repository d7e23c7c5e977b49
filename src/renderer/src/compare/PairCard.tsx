/**
 * One pair (baseline A vs another run): the verdict and which test decided it, accuracies, difference,
 * bootstrap CI with its Monte Carlo error, b and c in words, exact McNemar p, odds ratio b/c, the power note.
 */
import type { PairComparison } from "../../../shared/compare/types";
import { formatP } from "../../../shared/compare/pairComparison";
import { fmtPct } from "../run/format";

const pts = (v: number | null) => (v === null ? "—" : `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts`);
const ratio = (v: number | null, none: string) => (v === null ? none : Number(v.toPrecision(3)).toString());

export function PairCard({ pair, index }: { pair: PairComparison; index: number }) {
  const v = pair.verdict;
  const c = pair.counts;
  const [A, B] = [pair.baselineKey, pair.otherKey];
  const or = pair.oddsRatio;
  const verdictClass = v.refused ? " pair__verdict--refused" : v.significant ? " pair__verdict--sig" : "";
  return (
    <section className={`pair${v.significant ? " pair--sig" : ""}${v.refused ? " pair--refused" : ""}`} data-testid="pair-card" data-index={index}>
      <h3 data-testid="pair-title">
        {B} · {pair.otherLabel} <span className="muted">vs</span> {A} · {pair.baselineLabel} <span className="muted small">({pair.n} paired items)</span>
      </h3>
      <p className={`pair__verdict${verdictClass}`} data-testid="pair-verdict">{v.text}</p>
      <p className="pair__why small" data-testid="pair-explanation">{v.explanation}</p>
      <dl className="pair__facts">
        <div><dt>Accuracy {A} → {B}</dt><dd><span data-testid="pair-acc-a">{fmtPct(pair.accuracyA)}</span> → <span data-testid="pair-acc-b">{fmtPct(pair.accuracyB)}</span></dd></div>
        <div><dt>Difference {B} − {A}</dt><dd data-testid="pair-diff">{pts(pair.difference)}</dd></div>
        <div>
          <dt>{pair.bootstrap ? `${Math.round(pair.bootstrap.level * 100)}% bootstrap CI` : "Bootstrap CI"}</dt>
          <dd data-testid="pair-ci" title={pair.bootstrap ? `${pair.bootstrap.resamples.toLocaleString("en-US")} resamples, seed ${pair.bootstrap.seed}` : undefined}>
            {pair.bootstrap ? `${pts(pair.bootstrap.low)} to ${pts(pair.bootstrap.high)}` : "—"}
          </dd>
        </div>
        <div>
          <dt>{pair.test === "mcnemar-exact" ? "Exact McNemar" : "Exact sign test"}</dt>
          <dd data-testid="pair-p" data-p={pair.mcnemar.p}>{formatP(pair.mcnemar.p)}{pair.pAdjusted !== pair.mcnemar.p ? ` (Holm ${formatP(pair.pAdjusted)})` : ""}</dd>
        </div>
        <div className="pair__wide">
          <dt>Items</dt>
          <dd data-testid="pair-counts">
            {pair.binary ? `${A} right, ${B} wrong` : `${A} higher`}: <b>{c.aBetter}</b> (b) · {pair.binary ? `${B} right, ${A} wrong` : `${B} higher`}: <b>{c.bBetter}</b> (c)
            {c.bothRight !== null ? ` · both right ${c.bothRight} · both wrong ${c.bothWrong}` : ` · equal ${c.ties}`}
            {c.answersDiffer !== null && ` · answers differ on ${c.answersDiffer}`}
          </dd>
        </div>
        <div>
          <dt>Odds ratio b/c</dt>
          <dd data-testid="pair-odds">{c.aBetter + c.bBetter === 0 ? "—" : `${ratio(or.value, "∞")} [${ratio(or.low, "0")}, ${ratio(or.high, "∞")}]`}</dd>
        </div>
        <div>
          <dt>Monte Carlo error of the CI</dt>
          <dd data-testid="pair-mc">{pair.bootstrap ? `±${(pair.bootstrap.mcError.low * 100).toFixed(2)} / ±${(pair.bootstrap.mcError.high * 100).toFixed(2)} pts` : "—"}</dd>
        </div>
        <div className="pair__wide">
          <dt>Power</dt>
          <dd className={pair.power.small ? "warn-text" : ""} data-testid="pair-power">{pair.power.text}</dd>
        </div>
        {(pair.onlyInA.length > 0 || pair.onlyInB.length > 0 || pair.excluded.length > 0) && (
          <div className="pair__wide">
            <dt>Not paired</dt>
            <dd data-testid="pair-unpaired">{pair.onlyInA.length} only in {A}, {pair.onlyInB.length} only in {B}{pair.excluded.length ? `, ${pair.excluded.length} never scored in ${A} or ${B} (left out)` : ""}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
