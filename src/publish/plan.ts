import type { Network } from '../domain.ts';
import type { NewPost } from '../store/index.ts';

/** A sortable, unique, file-name-safe name for a change: time, article, version. */
export function changeStem(at: string, articleId: number, versionSeq: number): string {
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-a${articleId}-v${versionSeq}`;
}

/** A change's cards: their folder in the media folder, and each image with its alt text per network. */
export interface ChangeMedia {
  folder: string;
  images: { file: string; width: number; height: number; alt: Record<Network, string> }[];
}

/** The images of a post on one network, with that network's alt text. */
export function imagesFor(media: ChangeMedia | null, network: Network): NewPost['images'] {
  return (media?.images ?? []).map((i) => ({ file: i.file, alt: i.alt[network], width: i.width, height: i.height }));
}

/** A post's id: its change's name and the network. */
export function postId(at: string, articleId: number, versionSeq: number, network: Network): string {
  return `${changeStem(at, articleId, versionSeq)}-${network}`;
}

/** One post per network for a change, in the article's thread on that network. */
export function planPosts(input: {
  at: string;
  media: ChangeMedia | null;
  articleId: number;
  versionSeq: number;
  networks: readonly Network[];
  articleUrl: string;
  /** Other links in the text (the archive page), linked in full where the text shows them short. */
  extraLinks: string[];
  text: (network: Network) => string;
}): NewPost[] {
  return input.networks.map((network) => ({
    id: postId(input.at, input.articleId, input.versionSeq, network),
    network,
    text: input.text(network),
    articleUrl: input.articleUrl,
    extraLinks: input.extraLinks,
    media: input.media?.folder ?? null,
    images: imagesFor(input.media, network),
    // The post it replies to is found when it is sent (the thread's latest posted post).
    inReplyTo: null,
  }));
}
