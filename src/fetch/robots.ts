import robotsParserModule from 'robots-parser';

// The package's own typings declare an ambient module that NodeNext resolution cannot call; this is its API.
interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
const robotsParser = robotsParserModule as unknown as (url: string, robotsTxt: string) => Robots;

/** `crawlDelayMs`: the pause between requests the site asks of this bot (Crawl-delay), when it asks one. */
export type RobotsVerdict = { allowed: true; crawlDelayMs?: number } | { allowed: false; why: string };

interface Entry {
  robots: Robots | 'allow-all' | { unavailable: string };
  expires: number;
}

const FRESH_MS = 60 * 60 * 1000;
const RETRY_UNAVAILABLE_MS = 10 * 60 * 1000;

/** robots.txt per origin, fetched once and kept for an hour (RFC 9309 rules for errors). */
export class RobotsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly agentToken: string,
    /** Fetches robots.txt; returns status and body, throws when the host cannot be reached or `signal` aborts. */
    private readonly load: (url: string, signal?: AbortSignal) => Promise<{ status: number; body: string }>,
    private readonly now: () => number = Date.now,
  ) {}

  async check(url: URL, signal?: AbortSignal): Promise<RobotsVerdict> {
    const entry = await this.entryFor(url.origin, signal);
    if (entry.robots === 'allow-all') return { allowed: true };
    if ('unavailable' in entry.robots)
      return {
        allowed: false,
        why: `robots.txt unavailable (${entry.robots.unavailable}), treated as disallow until it answers`,
      };
    const allowed = entry.robots.isAllowed(url.href, this.agentToken);
    if (allowed === false) return { allowed: false, why: 'robots.txt disallows it for this bot' };
    const delay = entry.robots.getCrawlDelay(this.agentToken);
    return delay && Number.isFinite(delay) && delay > 0
      ? { allowed: true, crawlDelayMs: delay * 1000 }
      : { allowed: true };
  }

  private async entryFor(origin: string, signal?: AbortSignal): Promise<Entry> {
    const cached = this.entries.get(origin);
    if (cached && cached.expires > this.now()) return cached;
    const robotsUrl = `${origin}/robots.txt`;
    // A failure to reach the host at all is thrown as it is: the page cannot be reached either, and that
    // error says why; it is not cached, so the next check tries again.
    const { status, body } = await this.load(robotsUrl, signal);
    let entry: Entry;
    if (status >= 200 && status < 300)
      entry = { robots: robotsParser(robotsUrl, body), expires: this.now() + FRESH_MS };
    else if (status >= 400 && status < 500) entry = { robots: 'allow-all', expires: this.now() + FRESH_MS };
    else entry = { robots: { unavailable: `HTTP ${status}` }, expires: this.now() + RETRY_UNAVAILABLE_MS };
    this.entries.set(origin, entry);
    return entry;
  }
}
