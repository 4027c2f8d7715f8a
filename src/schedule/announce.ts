import type { ArticleDiff } from '../diff/types.ts';
import type { Network } from '../domain.ts';
import type { Logger } from '../log.ts';
import type { CardInput } from '../render/layout.ts';
import type { CardRenderer } from '../render/renderer.ts';
import { addressedText } from '../requests/reply-text.ts';
import { requesterPosts } from '../requests/thread-posts.ts';
import type { CardMedia, NewPost, Store } from '../store/index.ts';
import { changeStem, planPosts, type ChangeMedia } from '../publish/plan.ts';
import { postText, shownLink } from '../publish/post-text.ts';

/** An edit a check found, as its announcement needs it. */
export interface FoundChange {
  articleId: number;
  /** The address the article is tracked under. */
  url: string;
  outlet: string;
  headline: string;
  previousAt: string;
  at: string;
  /** The new version's number. */
  seq: number;
  diff: ArticleDiff;
}

/** A change's posts, ready to be stored with its version; `discard` removes its cards if that store fails. */
export interface Announcement {
  posts: NewPost[];
  discard(): Promise<void>;
}

/** Turns a change into its cards, the words of its posts and the outbox rows of each thread. */
export type Announcer = (change: FoundChange) => Promise<Announcement>;

export interface AnnounceDeps {
  store: Store;
  renderer: CardRenderer;
  /** Where each change's cards are kept, one folder per change. */
  media: CardMedia;
  /** The name cards are signed with. */
  botName: string;
  /** Networks that get a post for each change. */
  networks: readonly Network[];
  /** The public archive's address: posts link to the article's page there too. */
  publicUrl: string | null;
  log: Logger;
}

/**
 * The one place a change becomes posts: one per network in the article's thread, and one in each
 * requester's thread. The cards are written before the posts are stored, so a stored post never points
 * at missing files; the caller stores the posts with the version, in one transaction.
 */
export function changeAnnouncer(deps: AnnounceDeps): Announcer {
  return async (change) => {
    const { articleId, url, seq, at } = change;
    const media = await writeCards(deps, changeStem(at, articleId, seq), {
      outlet: change.outlet,
      headline: change.headline,
      url,
      previousAt: change.previousAt,
      currentAt: at,
      botName: deps.botName,
      diff: change.diff,
    });
    const archiveUrl = deps.publicUrl ? `${deps.publicUrl}/articles/${articleId}` : null;
    const extraLinks = archiveUrl ? [archiveUrl] : [];
    const textFor = (network: Network) =>
      postText(
        {
          outlet: change.outlet,
          headline: change.headline,
          summary: change.diff.summary,
          previousAt: change.previousAt,
          currentAt: at,
          url,
          archiveUrl,
        },
        network,
      );
    const common = { at, media, articleId, versionSeq: seq, articleUrl: url, extraLinks };
    const posts = planPosts({ ...common, networks: deps.networks, text: textFor });
    // Each requester's thread gets the edit too, on the networks the bot posts to.
    const requests = (await deps.store.requests.where({ articleId, active: true, outcome: 'tracking' })).filter((r) =>
      deps.networks.includes(r.network),
    );
    posts.push(
      ...requesterPosts({
        ...common,
        requests,
        text: (network, handle) => addressedText(network, handle, textFor(network), shownLink(network, url)),
      }),
    );
    return { posts, discard: () => (media ? deps.media.remove(media.folder) : Promise.resolve()) };
  };
}

/**
 * Renders a change's cards into their own folder, whole or not at all (see card-folder.ts). A card that
 * cannot be drawn must not cost the version: the change is posted without images.
 */
async function writeCards(deps: AnnounceDeps, folder: string, input: CardInput): Promise<ChangeMedia | null> {
  let cards;
  try {
    cards = await deps.renderer.render(input);
  } catch (err) {
    deps.log.error(
      { url: input.url, err: (err as Error).message },
      'could not render the cards of a change; posting it without images',
    );
    return null;
  }
  const images = cards.map((card, i) => ({
    file: `card-${i + 1}.png`,
    width: card.width,
    height: card.height,
    alt: card.alt,
  }));
  await deps.media.put(
    folder,
    cards.map((card, i) => ({ name: images[i]!.file, bytes: card.png })),
  );
  return { folder, images };
}
