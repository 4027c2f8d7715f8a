/** How long between two moments, in the words cards, posts, the archive and the terminal all use: "1 h 3 min", "2 days 4 h", "45 s". */
export function formatGap(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} ${d === 1 ? 'day' : 'days'} ${h % 24} h` : `${d} ${d === 1 ? 'day' : 'days'}`;
}

/** A moment relative to `now`, for the terminal: "5 min ago", "2 h from now", or "never". */
export function formatWhen(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const at = Date.parse(iso);
  return `${formatGap(Math.abs(now - at))} ${at > now ? 'from now' : 'ago'}`;
}
