import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { requestSource } from './intake.ts';

describe('the request source', () => {
  it('warns at start when requests may name any public host', () => {
    const requests = {
      perDay: 5,
      globalPerDay: 200,
      maxArticles: 2000,
      blocked: [],
      blockedInstances: [],
      blockedDomains: [],
    };
    for (const domains of [[], ['bbc.co.uk']]) {
      const warn = vi.fn();
      requestSource({
        store: {} as Store,
        log: { warn } as unknown as Logger,
        now: () => new Date(),
        readers: [],
        allowPrivateHosts: false,
        requests: { ...requests, domains },
      });
      expect(warn.mock.calls.map((c) => c[0] as string)).toEqual(
        domains.length
          ? []
          : [expect.stringContaining('anyone who mentions the bot can make it fetch any public host')],
      );
    }
  });
});
