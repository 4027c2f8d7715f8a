import { execFile, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { DEMO_MARKER } from '../src/demo/demo-state.ts';
import { tempDir } from './helpers/temp-dir.ts';

const DEMO = resolve(import.meta.dirname, '../src/demo/run-demo.ts');

describe('npm run demo', () => {
  it('tracks, checks and edits a local article, writes the posts, and ends by serving the archive of its history', async () => {
    const state = tempDir();
    // What an earlier demo left in its own (marked) folder is cleared away.
    writeFileSync(join(state.path, DEMO_MARKER), '');
    writeFileSync(join(state.path, 'left-by-an-earlier-demo.txt'), '');
    const child = spawn(process.execPath, ['--import', 'tsx', DEMO], {
      env: { PATH: process.env.PATH, EDITWATCH_STATE_DIR: state.path, EDITWATCH_ARCHIVE_PORT: '0', NO_COLOR: '1' },
      cwd: resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      await vi.waitFor(() => expect(out).toMatch(/archive: (http:\/\/127\.0\.0\.1:\d+\/articles\/\d+)/), {
        timeout: 60_000,
        interval: 100,
      });
      expect(out).toContain('new-version');
      expect(out).toContain('unchanged — no new version, nothing to post');
      const url = /archive: (\S+)/.exec(out)![1]!;
      const page = await (await fetch(url)).text();
      expect(page).toContain('Riverside bridge to close for 18 months as repair bill soars');
      expect(page).toContain('2; changed 1 time');
      expect(page).toContain('Version 1 → version 2');
      expect(page).toMatch(/<img src="\/media\//);
      // Its state went where EDITWATCH_STATE_DIR says, marked as the demo's own.
      expect(existsSync(join(state.path, 'editwatch.sqlite'))).toBe(true);
      expect(existsSync(join(state.path, DEMO_MARKER))).toBe(true);
      expect(existsSync(join(state.path, 'left-by-an-earlier-demo.txt'))).toBe(false);
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      state.remove();
    }
  }, 90_000);

  it('neither uses nor deletes a folder it did not make, and says so (exit code 2)', async () => {
    const state = tempDir();
    const precious = join(state.path, 'editwatch.sqlite');
    writeFileSync(precious, 'a real bot state');
    try {
      const run = promisify(execFile)(process.execPath, ['--import', 'tsx', DEMO], {
        env: { PATH: process.env.PATH, EDITWATCH_STATE_DIR: state.path, NO_COLOR: '1' },
        cwd: resolve(import.meta.dirname, '..'),
      });
      const error = (await run.then(
        () => null,
        (e: unknown) => e,
      )) as { code: number; stderr: string } | null;
      expect(error?.code).toBe(2);
      expect(error?.stderr).toContain(
        `demo: ${state.path} holds files the demo did not make (a bot's state?), so it neither uses nor deletes them; set EDITWATCH_STATE_DIR to a new or empty folder, or leave it unset for state/demo`,
      );
      expect(existsSync(precious)).toBe(true);
    } finally {
      state.remove();
    }
  }, 60_000);
});
