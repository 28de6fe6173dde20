/** What a searchable, tagged list item has: connections and secrets alike. */
export interface Listed {
  name: string;
  description: string;
  tags: string[];
}

/** Search finds text in the name or description, case aside; every chosen tag must be on the item. */
export function matchesSearchAndTags(item: Listed, search: string, tags: readonly string[]): boolean {
  const text = search.trim().toLowerCase();
  if (text !== '' && !`${item.name} ${item.description}`.toLowerCase().includes(text)) return false;
  return tags.every((tag) => item.tags.includes(tag));
}

/** Every tag used in the list, once each, sorted: the choices of the tag filter. */
export function tagsIn(items: readonly Listed[]): string[] {
  return [...new Set(items.flatMap((item) => item.tags))].sort();
}
