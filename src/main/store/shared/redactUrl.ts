/** Database URLs as messages may show them: never the password. */

/** The URL as it may be shown: no password. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(a URL that cannot be parsed)";
  }
}

/** A URL that cannot be parsed, as it may be shown: what looks like a password (between ':' and '@') hidden. */
export function redactedText(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, "$1***@");
}
