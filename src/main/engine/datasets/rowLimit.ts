/**
 * The one size limit of a dataset row (a JSONL line, a CSV row, a JSON array element): 16 MiB of text. A
 * longer row is not buffered further (a 50 MB line would take about 1 GB to split and parse); it becomes a
 * broken row naming the file and line, and the rest of the dataset is still read. Images belong in files
 * (an image column holds paths), so real rows stay far below it.
 */
export const MAX_ROW_CHARS = 16 * 1024 * 1024;

/** "longer than 16 MiB of text; not read" */
export function tooLongProblem(max: number): string {
  const mib = max / 1024 / 1024;
  return `longer than ${mib >= 1 ? `${Math.round(mib)} MiB` : `${max} characters`} of text (the row size limit); not read`;
}
