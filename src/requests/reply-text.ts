import type { Network } from '../domain.ts';
import { stripBidiControls } from '../extract/normalise-text.ts';
import { fitPostText, shownLink, TEXT_LIMITS } from '../publish/post-text.ts';

/** Replies to tracking requests: addressed to the requester, short, and within the network's limit. */

function address(handle: string): string {
  return `@${handle}`;
}

/** "@alice Watching “Headline” — I will reply here when it changes.\nlink" */
export function watchingText(network: Network, handle: string, headline: string, url: string): string {
  const link = shownLink(network, url);
  const text = `${address(handle)} Watching “${headline}” — I will reply here when it changes.\n${link}`;
  return fitFirstLine(text, link, network);
}

export function refusalText(network: Network, handle: string, reason: string): string {
  const text = `${address(handle)} Sorry, I can't watch that: ${reason}`;
  return fitFirstLine(text, '', network);
}

export function stoppedText(network: Network, handle: string, headlines: string[]): string {
  const what = headlines.length === 1 ? `“${headlines[0]!}”` : `${headlines.length} articles`;
  return fitFirstLine(`${address(handle)} OK, I will stop replying here about ${what}.`, '', network);
}

export function notWatchingText(network: Network, handle: string): string {
  return `${address(handle)} I am not watching anything for you in this thread, so there is nothing to stop.`;
}

/** An edit's post text, addressed to the requester (their thread gets each edit too). */
export function addressedText(network: Network, handle: string, postText: string, link: string): string {
  return fitFirstLine(`${address(handle)} ${postText}`, link, network);
}

/** Fitted by shortening the first line (the link, on a line of its own, is never cut). */
function fitFirstLine(raw: string, link: string, network: Network): string {
  const text = stripBidiControls(raw); // a headline cannot reorder the reply
  const limit = TEXT_LIMITS[network];
  return fitPostText(text, link || '\u0000', limit) ?? `${[...text].slice(0, limit.max - 1).join('')}…`;
}
