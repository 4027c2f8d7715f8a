import type { Network } from '../config.ts';
import type { NewPost } from '../store/index.ts';

/** A sortable, unique, file-name-safe id: time, article, version, network. */
export function postId(at: string, articleId: number, versionSeq: number, network: Network): string {
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-a${articleId}-v${versionSeq}-${network}`;
}

/** One post per network for a change, each replying to the previous post about the article (its thread). */
export function planPosts(input: {
  at: string;
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
    images: [],
    inReplyTo: input.previousPostId(network),
  }));
}
