import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Network } from '../domain.ts';
import type { PostImage } from '../store/index.ts';
import { stateFault } from '../store/state-fault.ts';
import type { OutboxPost, Published, Publisher, SendContext } from './types.ts';

/** The dry-run folder format, a public interface: `<outbox>/<post-id>/post.json` plus image files. */
export interface DryRunPostFile {
  network: Network;
  text: string;
  articleUrl: string;
  images: PostImage[];
  /** The post this one replies to (in a dry run, a post's id is its remote id). */
  inReplyTo: string | null;
}

/** Writes each post to a folder instead of a network. Atomic: a folder is complete or absent. */
export class DryRunPublisher implements Publisher {
  constructor(
    readonly network: Network,
    private readonly outboxDir: string,
  ) {}

  async publish(post: OutboxPost, ctx: SendContext): Promise<Published> {
    const dir = join(this.outboxDir, post.id);
    if (!existsSync(join(dir, 'post.json'))) {
      const tmp = join(this.outboxDir, `.${post.id}.tmp`);
      rmSync(tmp, { recursive: true, force: true });
      try {
        mkdirSync(tmp, { recursive: true });
        for (const image of post.images) writeFileSync(join(tmp, image.file), await post.readImage(image.file));
        const file: DryRunPostFile = {
          network: post.network,
          text: post.text,
          articleUrl: post.articleUrl,
          images: post.images,
          inReplyTo: ctx.thread?.parent.remoteId ?? null,
        };
        writeFileSync(join(tmp, 'post.json'), `${JSON.stringify(file, null, 2)}\n`);
        renameSync(tmp, dir);
      } catch (err) {
        // A failed try (a full disk) leaves nothing behind; what cannot be removed now, the next try removes first.
        try {
          rmSync(tmp, { recursive: true, force: true });
        } catch {
          // the write's error is the one to report
        }
        throw stateFault(err, this.outboxDir) ?? err;
      }
    }
    return { remoteId: post.id, remoteUrl: `file://${dir}` };
  }

  reconcile(post: OutboxPost): Promise<Published | null> {
    const dir = join(this.outboxDir, post.id);
    return Promise.resolve(
      existsSync(join(dir, 'post.json')) ? { remoteId: post.id, remoteUrl: `file://${dir}` } : null,
    );
  }
}
