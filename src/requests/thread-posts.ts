import type { Network } from '../domain.ts';
import { imagesFor, postId, type ChangeMedia } from '../publish/plan.ts';
import type { NewPost, RequestRow } from '../store/index.ts';

/**
 * The same change, posted once more into each requester's thread on their network (addressed to them),
 * replying (when sent) to the bot's last post there, or to their request if none went out yet.
 */
export function requesterPosts(input: {
  at: string;
  media: ChangeMedia | null;
  articleId: number;
  versionSeq: number;
  articleUrl: string;
  extraLinks: string[];
  requests: RequestRow[];
  text: (network: Network, handle: string) => string;
}): NewPost[] {
  return input.requests.map((r) => {
    const network = r.network;
    return {
      id: `${postId(input.at, input.articleId, input.versionSeq, network)}-r${r.id}`,
      network,
      text: input.text(network, r.author_handle),
      articleUrl: input.articleUrl,
      extraLinks: input.extraLinks,
      media: input.media?.folder ?? null,
      images: imagesFor(input.media, network),
      inReplyTo: null,
      thread: `request:${r.id}`,
      replyTo: {
        root: { id: r.root_id ?? r.remote_id, cid: r.root_cid ?? r.remote_cid },
        parent: { id: r.remote_id, cid: r.remote_cid },
      },
      mention: { handle: r.author_handle, id: r.author_id },
      visibility: r.visibility,
    };
  });
}
