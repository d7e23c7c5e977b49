/** A UTF-8 byte-order mark (U+FEFF) at the start of a text, as Windows editors and Excel write, removed. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
