import type { Network } from '../domain.ts';
import type { NewPost, RequestRow } from '../store/index.ts';

/** A sortable, unique, file-name-safe name for a change: time, article, version. */
export function changeStem(at: string, articleId: number, versionSeq: number): string {
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-a${articleId}-v${versionSeq}`;
}

/** A post's id: its change's name and the network. */
export function postId(at: string, articleId: number, versionSeq: number, network: Network): string {
  return `${changeStem(at, articleId, versionSeq)}-${network}`;
}

/** One post per network for a change, each replying to the previous post about the article (its thread). */
export function planPosts(input: {
  at: string;
  /** The change's media folder and its images, with alt text for each network. */
  media: { folder: string; images: { file: string; width: number; height: number; alt: Record<Network, string> }[] } | null;
  articleId: number;
  versionSeq: number;
  networks: readonly Network[];
  articleUrl: string;
  /** Other links in the text (the archive page), linked in full where the text shows them short. */
  extraLinks: string[];
  text: (network: Network) => string;
  previousPostId: (network: Network) => string | null;
}): NewPost[] {
  return input.networks.map((network) => ({
    id: postId(input.at, input.articleId, input.versionSeq, network),
    network,
    text: input.text(network),
    articleUrl: input.articleUrl,
    extraLinks: input.extraLinks,
    media: input.media?.folder ?? null,
    images: (input.media?.images ?? []).map((i) => ({ file: i.file, alt: i.alt[network], width: i.width, height: i.height })),
    inReplyTo: input.previousPostId(network),
  }));
}

/**
 * The same change, posted once more into each requester's thread on their network (addressed to them),
 * replying to the bot's last post there, or to their request if none went out yet.
 */
export function planRequestPosts(input: {
  at: string;
  media: { folder: string; images: { file: string; width: number; height: number; alt: Record<Network, string> }[] } | null;
  articleId: number;
  versionSeq: number;
  articleUrl: string;
  extraLinks: string[];
  requests: RequestRow[];
  text: (network: Network, handle: string) => string;
  previousPostId: (request: RequestRow) => string | null;
}): NewPost[] {
  return input.requests.map((r) => {
    const network = r.network as Network;
    return {
      id: `${postId(input.at, input.articleId, input.versionSeq, network)}-r${r.id}`,
      network,
      text: input.text(network, r.author_handle),
      articleUrl: input.articleUrl,
      extraLinks: input.extraLinks,
      media: input.media?.folder ?? null,
      images: (input.media?.images ?? []).map((i) => ({ file: i.file, alt: i.alt[network], width: i.width, height: i.height })),
      inReplyTo: input.previousPostId(r),
      thread: `request:${r.id}`,
      replyTo: { root: { id: r.root_id ?? r.remote_id, cid: r.root_cid ?? r.remote_cid }, parent: { id: r.remote_id, cid: r.remote_cid } },
      mention: { handle: r.author_handle, id: r.author_id },
      visibility: r.visibility,
    };
  });
}
