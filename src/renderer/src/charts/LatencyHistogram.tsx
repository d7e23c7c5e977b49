/** Latency distributions of several runs overlaid on shared bins (latencyHistograms), as outlined step bars. Plain SVG. */
import { latencyHistograms } from "../../../shared/compare/latency";
import { linear, niceTicks, seriesColor } from "./scale";
import "./charts.css";

export function LatencyHistogram({ labels, latencies, width = 460, height = 180 }: { labels: string[]; latencies: number[][]; width?: number; height?: number }) {
  const hists = latencyHistograms(latencies);
  const bins = hists[0]?.bins ?? [];
  if (bins.length === 0) return <p className="muted small">No latencies recorded.</p>;
  const left = 40;
  const bottom = 24;
  const top = 20;
  const lo = bins[0].from;
  const hi = bins[bins.length - 1].to;
  const maxCount = Math.max(1, ...hists.flatMap((h) => h.bins.map((b) => b.count)));
  const x = linear([lo, hi === lo ? lo + 1 : hi], [left, width - 8]);
  const y = linear([0, maxCount], [height - bottom, top]);
  const xt = niceTicks(lo, hi, 5);
  const yt = niceTicks(0, maxCount, 3).filter((t) => Number.isInteger(t));
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }} role="img" aria-label="Latency distribution per run" data-testid="latency-chart">
      {yt.map((t) => (
        <g key={`y${t}`}>
          <line x1={left} x2={width - 8} y1={y(t)} y2={y(t)} className="chart__grid" />
          <text x={left - 4} y={y(t) + 4} className="chart__tick" textAnchor="end">{t}</text>
        </g>
      ))}
      {xt.map((t) => (
        <text key={`x${t}`} x={x(t)} y={height - 8} className="chart__tick" textAnchor="middle">{t >= 1000 ? `${(t / 1000).toFixed(t % 1000 ? 1 : 0)} s` : `${Math.round(t)} ms`}</text>
      ))}
      {hists.map((h, i) => {
        const color = seriesColor(i);
        const d = h.bins.map((b) => `M${x(b.from)},${y(0)}V${y(b.count)}H${x(b.to)}V${y(0)}`).join("");
        return <path key={i} d={d} fill={color} fillOpacity={0.25} stroke={color} strokeWidth={1.2} />;
      })}
      {labels.map((l, i) => (
        <g key={l + i} transform={`translate(${left + 4 + i * 130}, 10)`}>
          <rect width={10} height={10} y={-8} fill={seriesColor(i)} />
          <text x={14} className="chart__label">{l.length > 16 ? `${l.slice(0, 15)}…` : l}</text>
        </g>
      ))}
    </svg>
  );
}
