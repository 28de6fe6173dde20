/** Showing a store URL, or a driver message that may quote it, without its password. */

/** The URL as errors may show it: without its password, which must never reach a log. */
export function displayStoreUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/** Every spelling of the URL's password, so a driver message that quotes it can be cleaned. */
function passwordsIn(url: string): string[] {
  try {
    const { password } = new URL(url);
    if (password === '') return [];
    return [...new Set([password, decodeURIComponent(password)])];
  } catch {
    return [];
  }
}

export function withoutPassword(text: string, url: string): string {
  return passwordsIn(url).reduce((cleaned, password) => cleaned.split(password).join('***'), text);
}
