import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from './helpers/temp-dir.ts';

describe('npm run demo', () => {
  it('tracks, checks and edits a local article, writes the posts, and ends by serving the archive of its history', async () => {
    const state = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../src/demo/run-demo.ts')], {
      env: { PATH: process.env.PATH, EDITWATCH_DEMO_STATE_DIR: state.path, EDITWATCH_ARCHIVE_PORT: '0', NO_COLOR: '1' },
      cwd: resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      await vi.waitFor(() => expect(out).toMatch(/archive: (http:\/\/127\.0\.0\.1:\d+\/articles\/\d+)/), { timeout: 60_000, interval: 100 });
      expect(out).toContain('new-version');
      expect(out).toContain('unchanged — no new version, nothing to post');
      const url = /archive: (\S+)/.exec(out)![1]!;
      const page = await (await fetch(url)).text();
      expect(page).toContain('Riverside bridge to close for 18 months as repair bill soars');
      expect(page).toContain('2; changed 1 time');
      expect(page).toContain('Version 1 → version 2');
      expect(page).toMatch(/<img src="\/media\//);
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      state.remove();
    }
  }, 90_000);
});
