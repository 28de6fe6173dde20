const tokenPattern = /\$\$([A-Za-z_][\w.]*)/g;

/**
 * The template with each `$$field` token (dotted for a nested field, `$$customer.id`) replaced by
 * that field of `record`, encoded. A field with no plain value (missing, null, an object) is an
 * error the caller words, since only it knows where the record came from.
 */
export function fillFieldTokens(
  template: string,
  record: unknown,
  encode: (value: string) => string,
  missing: (field: string) => Error,
): string {
  return template.replace(tokenPattern, (_token, field: string) => {
    const value = field.split('.').reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), record);
    if (value === undefined || value === null || typeof value === 'object') throw missing(field);
    return encode(String(value));
  });
}

/** Whether the template holds any `$$field` token. */
export function hasFieldTokens(template: string): boolean {
  return new RegExp(tokenPattern.source).test(template);
}
