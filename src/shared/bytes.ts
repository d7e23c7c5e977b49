/** Bytes for people: "812 B", "3.4 KB", "12.1 MB", "1.02 GB" (powers of 1024: 1 MB = 1,048,576 bytes). */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? "-" : "";
  const b = Math.abs(bytes);
  if (b < 1024) return `${sign}${b} B`;
  if (b < 1024 ** 2) return `${sign}${(b / 1024).toFixed(1)} KB`;
  if (b < 1024 ** 3) return `${sign}${(b / 1024 ** 2).toFixed(1)} MB`;
  return `${sign}${(b / 1024 ** 3).toFixed(2)} GB`;
}
