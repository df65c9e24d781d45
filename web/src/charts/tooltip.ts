import { formatValue } from '../../../src/client/format';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!);

/** A tooltip's HTML: one `name: value` line per entry, values in full (axis labels may be cut), escaped. */
export const tooltipLines = (entries: readonly [string, unknown][]): string => entries.map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(formatValue(value))}`).join('<br>');
