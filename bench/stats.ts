export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export const markdownRow = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;

/** A table's header line and its separator: rows printed one by one below it make the table. */
export const markdownHeader = (header: readonly string[]) => [markdownRow(header), markdownRow(header.map(() => '---'))].join('\n');

export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [markdownHeader(header), ...rows.map(markdownRow)].join('\n');
}

export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
