import type { Network } from '../config.ts';
import type { NewPost } from '../store/index.ts';

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
  text: (network: Network) => string;
  previousPostId: (network: Network) => string | null;
}): NewPost[] {
  return input.networks.map((network) => ({
    id: postId(input.at, input.articleId, input.versionSeq, network),
    network,
    text: input.text(network),
    articleUrl: input.articleUrl,
    media: input.media?.folder ?? null,
    images: (input.media?.images ?? []).map((i) => ({ file: i.file, alt: i.alt[network], width: i.width, height: i.height })),
    inReplyTo: input.previousPostId(network),
  }));
}
