/** CSV / JSONL export of the node's results under the current filter, with progress while pages arrive. */
import { useState } from "react";
import { toast } from "../store/toastStore";
import { exportResults } from "./exportResults";
import type { ResultsFilter } from "./usePagedResults";

export function ExportButtons({ query, ports }: { query: ResultsFilter; ports: string[] }) {
  const [progress, setProgress] = useState<string | null>(null);
  const run = (format: "csv" | "jsonl") => {
    setProgress("0%");
    exportResults(query, ports, format, (done, total) => setProgress(total ? `${Math.round((done / total) * 100)}%` : "…"))
      .then((n) => toast(`Exported ${n.toLocaleString("en-US")} rows as ${format.toUpperCase()}`, "ok"))
      .catch((e: Error) => toast(`Export failed: ${e.message}`, "error"))
      .finally(() => setProgress(null));
  };
  if (progress) return <span className="muted small" data-testid="export-progress">Exporting… {progress}</span>;
  return (
    <span className="outputs__export">
      <button type="button" className="btn btn--small" onClick={() => run("csv")} data-testid="export-csv">CSV</button>
      <button type="button" className="btn btn--small" onClick={() => run("jsonl")} data-testid="export-jsonl">JSONL</button>
    </span>
  );
}
