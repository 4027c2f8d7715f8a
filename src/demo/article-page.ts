/**
 * A realistic news page, for the demo and the tests: the article inside the chrome real sites wrap it
 * in. `chromeSeed` changes everything a reader would not call the article (most-read list, ad slots,
 * "updated" times, cookie banner ids) so that a fetch can differ without the article changing.
 */
export interface DemoArticle {
  headline: string;
  standfirst: string;
  byline: string;
  publishedAt: string;
  modifiedAt: string;
  paragraphs: string[];
}

const MOST_READ = [
  'Heatwave warning extended across the region as temperatures climb',
  'Local bakery wins national award for its sourdough',
  'Transport strike called off after late-night talks',
  'Museum reopens its Roman gallery after two-year refurbishment',
  'Council tax to rise by 4.9% from April, budget papers show',
  'Football club confirms new manager after weeks of speculation',
];

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function articlePage(a: DemoArticle, chromeSeed: number, url: string): string {
  const mostRead = [
    ...MOST_READ.slice(chromeSeed % MOST_READ.length),
    ...MOST_READ.slice(0, chromeSeed % MOST_READ.length),
  ].slice(0, 5);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.headline,
    description: a.standfirst,
    datePublished: a.publishedAt,
    dateModified: a.modifiedAt,
    author: [{ '@type': 'Person', name: a.byline }],
    publisher: { '@type': 'Organization', name: 'The Riverside Ledger' },
    mainEntityOfPage: url,
  };
  const body = a.paragraphs.map((p, i) => {
    const para = `      <p>${escape(p)}</p>`;
    // Real pages interleave promos and figures with the text.
    if (i === 1)
      return `${para}\n      <p class="related-link">Read more: <a href="/news/bridge-history">A short history of the Riverside bridge</a></p>`;
    if (i === 3)
      return `${para}\n      <figure><img src="/img/bridge-${chromeSeed}.jpg" alt="The Riverside bridge at dusk"><figcaption>The bridge opened in 1931. <span class="credit">Photo: Ledger staff / ${chromeSeed}</span></figcaption></figure>\n      <div class="newsletter-promo"><p>Sign up to the Morning Ledger newsletter and get the day's news in your inbox.</p><form><input type="email"><button>Subscribe</button></form></div>`;
    return para;
  });
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escape(a.headline)} | The Riverside Ledger</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta property="og:site_name" content="The Riverside Ledger">
  <meta property="og:title" content="${escape(a.headline)}">
  <meta property="og:description" content="${escape(a.standfirst)}">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="${a.publishedAt}">
  <meta property="article:modified_time" content="${a.modifiedAt}">
  <link rel="canonical" href="${escape(url)}">
  <script type="application/ld+json">${JSON.stringify(jsonLd)}</script>
  <script>window.__ads = { slot: "ad-${chromeSeed * 7919}", ts: ${1_700_000_000 + chromeSeed} };</script>
  <style>.cookie-banner{position:fixed}</style>
</head>
<body class="article-page ads-enabled">
  <div class="cookie-banner" id="consent-${chromeSeed}"><p>We use cookies to improve your experience. <button>Accept</button></p></div>
  <header class="site-header">
    <a class="logo" href="/">The Riverside Ledger</a>
    <nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
  </header>
  <div class="ad-slot leaderboard" data-slot="ad-${chromeSeed * 31}">Advertisement</div>
  <main id="content">
    <article class="story">
      <header class="story-header">
        <h1 class="headline">${escape(a.headline)}</h1>
        <p class="standfirst">${escape(a.standfirst)}</p>
        <div class="byline">By <a rel="author" href="/staff">${escape(a.byline)}</a></div>
        <time datetime="${a.publishedAt}">${new Date(a.publishedAt).toUTCString()}</time>
        <span class="timestamp">Updated ${(chromeSeed % 50) + 2} minutes ago</span>
      </header>
      <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
      <div class="article-body" itemprop="articleBody">
${body.join('\n')}
      </div>
      <div class="article-tags"><a href="/topics/transport">Transport</a> <a href="/topics/council">Council</a></div>
    </article>
    <aside class="most-read">
      <h2>Most read</h2>
      <ol>${mostRead.map((t, i) => `<li><a href="/news/${i}-${chromeSeed}">${escape(t)}</a></li>`).join('')}</ol>
    </aside>
  </main>
  <footer class="site-footer"><p>© 2026 The Riverside Ledger. All rights reserved.</p><p><a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></p></footer>
</body>
</html>
`;
}

/** Three versions of one story, as a newsroom might publish and then quietly edit it. */
export const DEMO_VERSIONS: DemoArticle[] = [
  {
    headline: 'Council votes to close Riverside bridge for repairs',
    standfirst: 'The 1931 crossing will shut for up to a year while engineers replace its corroded steel supports.',
    byline: 'Amira Haddad',
    publishedAt: '2026-11-25T08:00:00.000Z',
    modifiedAt: '2026-11-25T08:00:00.000Z',
    paragraphs: [
      'Riverside council voted on Tuesday night to close the town’s only road bridge for repairs, after an inspection found serious corrosion in its steel supports.',
      'The closure, approved by 27 votes to 12, is expected to last up to a year and will divert about 18,000 vehicles a day onto a 14-mile detour.',
      'Council leader Maria Okafor said the decision was “painful but unavoidable”, adding that engineers had advised that the bridge could not safely carry heavy traffic beyond the spring.',
      'Local businesses on the east bank said they feared losing customers. “Half of our trade comes across that bridge,” said Tom Barnes, who runs a hardware shop on Mill Street.',
      'A temporary footbridge will be built alongside the crossing so that pedestrians and cyclists can continue to use the route.',
      'The repairs are expected to cost £8.2m, most of which will be paid by a government grant awarded last year.',
    ],
  },
  {
    headline: 'Council votes to close Riverside bridge for repairs',
    standfirst: 'The 1931 crossing will shut for up to a year while engineers replace its corroded steel supports.',
    byline: 'Amira Haddad',
    publishedAt: '2026-11-25T08:00:00.000Z',
    modifiedAt: '2026-11-25T08:00:00.000Z',
    paragraphs: [],
  },
  {
    headline: 'Riverside bridge to close for 18 months as repair bill soars',
    standfirst: 'The 1931 crossing will shut for up to 18 months while engineers replace its corroded steel supports.',
    byline: 'Amira Haddad and Joe Lindqvist',
    publishedAt: '2026-11-25T08:00:00.000Z',
    modifiedAt: '2026-11-25T09:03:00.000Z',
    paragraphs: [
      'Riverside council voted on Tuesday night to close the town’s only road bridge for repairs, after an inspection found serious corrosion in its steel supports.',
      'The closure, approved by 27 votes to 12, is now expected to last up to 18 months and will divert about 18,000 vehicles a day onto a 14-mile detour.',
      'Council leader Maria Okafor said the decision was “painful but unavoidable”, adding that engineers had advised that the bridge could not safely carry heavy traffic beyond the spring.',
      'A temporary footbridge will be built alongside the crossing so that pedestrians and cyclists can continue to use the route.',
      'The repairs are now expected to cost £11.6m. A government grant awarded last year will cover £7m; the council has not said how it will pay for the rest.',
      'Opposition councillors called for an independent review of why the corrosion was not found at the last inspection in 2023.',
    ],
  },
];
// Version 2 is version 1 republished: the same article in new chrome, which must not count as an edit.
DEMO_VERSIONS[1]!.paragraphs = [...DEMO_VERSIONS[0]!.paragraphs];
