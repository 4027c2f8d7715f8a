import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AtpSessionData } from '@atproto/api';

interface SessionFile {
  service: string;
  handle: string;
  session: AtpSessionData;
}

/**
 * The Bluesky session (access and refresh tokens, not the app password), kept in state/ so that a
 * restart resumes it instead of logging in again. Owner-only permissions; written atomically.
 */
export class BlueskySessionFile {
  constructor(
    readonly file: string,
    private readonly service: string,
    private readonly handle: string,
  ) {}

  /** The saved session, when it belongs to the configured account and service. */
  load(): AtpSessionData | null {
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as SessionFile;
      return saved.service === this.service && saved.handle === this.handle && saved.session?.refreshJwt
        ? saved.session
        : null;
    } catch {
      return null;
    }
  }

  save(session: AtpSessionData): void {
    mkdirSync(dirname(this.file), { recursive: true });
    // Per process: two processes refreshing at once must not rename each other's half-written file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    const body: SessionFile = { service: this.service, handle: this.handle, session };
    writeFileSync(tmp, `${JSON.stringify(body)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}
