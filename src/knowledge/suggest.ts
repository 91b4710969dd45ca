/** "Did you mean" for service names: edit distance with transpositions, plus prefix matches. */

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] as number;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * cols + j] = v;
    }
  }
  return at(rows - 1, cols - 1);
}

/**
 * Up to `max` known names close to `name`: preferred names first, then by distance.
 * @example suggestNames('ftpp', [['ftp', 'ssh']]) // ['ftp']
 */
export function suggestNames(name: string, groups: readonly Iterable<string>[], max = 5): string[] {
  const query = name.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(query.length / 3)));
  const scored: { name: string; score: number }[] = [];
  const seen = new Set<string>();
  groups.forEach((group, rank) => {
    for (const candidate of group) {
      if (seen.has(candidate) || candidate === query) continue;
      const dist = editDistance(query, candidate);
      const prefix = query.length >= 3 && candidate.startsWith(query);
      if (dist > limit && !prefix) continue;
      seen.add(candidate);
      // Curated names (rank 0) outrank registry names at the same distance.
      scored.push({ name: candidate, score: (prefix ? Math.min(dist, 1) : dist) * 10 + rank });
    }
  });
  return scored
    .sort((x, y) => x.score - y.score || x.name.length - y.name.length || x.name.localeCompare(y.name))
    .slice(0, max)
    .map((s) => s.name);
}
