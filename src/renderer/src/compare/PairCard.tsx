/** One pair (baseline vs another run): accuracies, difference, bootstrap CI, exact McNemar p, counts, verdict. */
import type { PairComparison } from "../../../shared/compare/types";
import { formatP } from "../../../shared/compare/pairComparison";
import { fmtPct } from "../run/format";

const pts = (v: number | null) => (v === null ? "—" : `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts`);

export function PairCard({ pair, index }: { pair: PairComparison; index: number }) {
  const v = pair.verdict;
  const c = pair.counts;
  return (
    <section className={`pair${v.significant ? " pair--sig" : ""}`} data-testid="pair-card" data-index={index}>
      <h3>
        {pair.otherLabel} <span className="muted">vs</span> {pair.baselineLabel} <span className="muted small">({pair.n} paired items)</span>
      </h3>
      <p className={`pair__verdict${v.significant ? " pair__verdict--sig" : ""}`} data-testid="pair-verdict">{v.text}</p>
      <dl className="pair__facts">
        <div><dt>Accuracy</dt><dd><span data-testid="pair-acc-a">{fmtPct(pair.accuracyA)}</span> → <span data-testid="pair-acc-b">{fmtPct(pair.accuracyB)}</span></dd></div>
        <div><dt>Difference</dt><dd data-testid="pair-diff">{pts(pair.difference)}</dd></div>
        <div>
          <dt>{pair.bootstrap ? `${Math.round(pair.bootstrap.level * 100)}% bootstrap CI` : "Bootstrap CI"}</dt>
          <dd data-testid="pair-ci">{pair.bootstrap ? `${pts(pair.bootstrap.low)} to ${pts(pair.bootstrap.high)}` : "—"}</dd>
        </div>
        <div>
          <dt>{pair.test === "mcnemar-exact" ? "Exact McNemar" : "Exact sign test"}</dt>
          <dd data-testid="pair-p" data-p={pair.mcnemar.p}>{formatP(pair.mcnemar.p)}{pair.pAdjusted !== pair.mcnemar.p ? ` (Holm ${formatP(pair.pAdjusted)})` : ""}</dd>
        </div>
        <div>
          <dt>Counts</dt>
          <dd data-testid="pair-counts">
            {pair.baselineLabel} better <b>{c.aBetter}</b> · {pair.otherLabel} better <b>{c.bBetter}</b> · ties {c.ties}
            {c.bothRight !== null && ` (both right ${c.bothRight}, both wrong ${c.bothWrong})`}
            {c.answersDiffer !== null && ` · answers differ on ${c.answersDiffer}`}
          </dd>
        </div>
        {(pair.onlyInA.length > 0 || pair.onlyInB.length > 0 || pair.excluded.length > 0) && (
          <div>
            <dt>Unpaired</dt>
            <dd>{pair.onlyInA.length} only in {pair.baselineLabel}, {pair.onlyInB.length} only in {pair.otherLabel}{pair.excluded.length ? `, ${pair.excluded.length} excluded` : ""}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
