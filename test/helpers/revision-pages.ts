import type { RevisionPair, RevisionText } from './revisions.ts';

/**
 * Serves a revision pair's text as a news page. Three page templates, in the styles of real outlets,
 * with chrome that differs on every request (`seed`): a relative "updated" time in the page's language,
 * a rotating most-read list, ad slot ids, comment counts, a cookie banner id. The article is the data's
 * text, unchanged, placed where such pages place it: the headline in <h1> (the API's " - Site" suffix
 * stays in <title>, as on the sites), the standfirst as a dek and in the page's description metadata,
 * the byline, a <time>, the paragraphs in the body.
 */
export type Template = 'ledger' | 'dutch' | 'wire';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Words {
  mostRead: string;
  updated: string;
  advert: string;
  readAlso: string;
  by: string;
  comments: (n: number) => string;
}

const WORDS: Record<string, Words> = {
  en: {
    mostRead: 'Most read',
    updated: 'Updated',
    advert: 'Advertisement',
    readAlso: 'Read more',
    by: 'By',
    comments: (n) => `${n} comments`,
  },
  nl: {
    mostRead: 'Meest gelezen',
    updated: 'Bijgewerkt',
    advert: 'Advertentie',
    readAlso: 'Lees ook',
    by: 'Door',
    comments: (n) => `${n} reacties`,
  },
  fr: {
    mostRead: 'Les plus lus',
    updated: 'Mis à jour',
    advert: 'Publicité',
    readAlso: 'Lire aussi',
    by: 'Par',
    comments: (n) => `${n} commentaires`,
  },
  de: {
    mostRead: 'Meistgelesen',
    updated: 'Aktualisiert',
    advert: 'Anzeige',
    readAlso: 'Lesen Sie auch',
    by: 'Von',
    comments: (n) => `${n} Kommentare`,
  },
  it: {
    mostRead: 'I più letti',
    updated: 'Aggiornato',
    advert: 'Pubblicità',
    readAlso: 'Leggi anche',
    by: 'Di',
    comments: (n) => `${n} commenti`,
  },
  ru: {
    mostRead: 'Самое читаемое',
    updated: 'Обновлено',
    advert: 'Реклама',
    readAlso: 'Читайте также',
    by: 'Автор:',
    comments: (n) => `Комментарии: ${n}`,
  },
  es: {
    mostRead: 'Lo más leído',
    updated: 'Actualizado',
    advert: 'Publicidad',
    readAlso: 'Lee también',
    by: 'Por',
    comments: (n) => `${n} comentarios`,
  },
  pt: {
    mostRead: 'Mais lidas',
    updated: 'Atualizado',
    advert: 'Publicidade',
    readAlso: 'Leia também',
    by: 'Por',
    comments: (n) => `${n} comentários`,
  },
  zh: {
    mostRead: '热门文章',
    updated: '更新于',
    advert: '广告',
    readAlso: '相关阅读',
    by: '作者：',
    comments: (n) => `${n}条评论`,
  },
  ja: {
    mostRead: 'よく読まれている記事',
    updated: '更新',
    advert: '広告',
    readAlso: 'あわせて読みたい',
    by: '執筆：',
    comments: (n) => `コメント${n}件`,
  },
};

/**
 * The API's titles carry the site's (or section's) name, as <title> does on the sites; the headline on the
 * page (<h1>, og:title) does not. Annotated by hand from the data's headlines.
 */
const SITE_SUFFIX =
  /(?: [-|] (?:AD|De Stentor|Tubantia|Eindhovens Dagblad|De Gelderlander|BN DeStem|PZC|Brabants Dagblad|Yahoo! Voices|CBS News|CNN|USA TODAY|Reuters Canada|Reuters\.com|WELT|SZ\.de|Politik|Süddeutsche Zeitung|tagesschau\.de|Unterhaltung|v1\.ru|Primapagina|Europa League|Calciomercato\.com))+$/;

/** The headline as the page shows it: without the site's name. */
export const pageHeadline = (headline: string) => headline.replace(SITE_SUFFIX, '');

export function templateOf(id: string): Template {
  const n = Number(id.replace(/\D/g, ''));
  return (['ledger', 'dutch', 'wire'] as const)[n % 3]!;
}

/**
 * Text after the data's paragraphs, the same in both versions: the data keeps only the first ~200
 * characters of a body (and none for fr, de, it, ru), where a real page goes on. It is other articles'
 * standfirsts and headlines in the same language.
 */
export function fillerBodies(pairs: RevisionPair[]): Map<string, string[]> {
  const byLang = new Map<string, string[]>();
  for (const p of pairs) {
    const texts = byLang.get(p.lang) ?? [];
    for (const s of [p.v0.standfirst, p.v0.headline]) if (s && s.length > 60 && !texts.includes(s)) texts.push(s);
    byLang.set(p.lang, texts);
  }
  const out = new Map<string, string[]>();
  for (const p of pairs) {
    const own = new Set([
      p.v0.standfirst,
      p.v1.standfirst,
      p.v0.headline,
      p.v1.headline,
      ...p.v0.paragraphs,
      ...p.v1.paragraphs,
    ]);
    const others = (byLang.get(p.lang) ?? []).filter((s) => !own.has(s));
    const start = Number(p.id.replace(/\D/g, '')) % Math.max(1, others.length - 3);
    out.set(p.id, others.slice(start, start + 3));
  }
  return out;
}

export function revisionPage(
  pair: RevisionPair,
  text: RevisionText,
  body: string[],
  seed: number,
  url: string,
): string {
  const lang = pair.lang;
  const w = WORDS[lang] ?? WORDS.en!;
  const headline = pageHeadline(text.headline);
  const minutes = ((seed * 7) % 55) + 2;
  const updated = `${w.updated} ${new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(-minutes, 'minute')}`;
  const site = pair.outlet.trim() || new URL(pair.url).hostname.replace(/^www\./, '');
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline,
    ...(text.standfirst ? { description: text.standfirst } : {}),
    ...(text.byline && !/^https?:/.test(text.byline)
      ? { author: text.byline.split(/,\s*/).map((name) => ({ '@type': 'Person', name })) }
      : {}),
    datePublished: '2023-06-01T08:00:00Z',
    publisher: { '@type': 'Organization', name: site },
  };
  const head = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${esc(text.headline)}${SITE_SUFFIX.test(text.headline) ? '' : ` | ${esc(site)}`}</title>
<meta property="og:site_name" content="${esc(site)}">
<meta property="og:title" content="${esc(headline)}">
${text.standfirst ? `<meta property="og:description" content="${esc(text.standfirst)}">\n<meta name="twitter:description" content="${esc(text.standfirst)}">` : ''}
<link rel="canonical" href="${esc(url)}">
<script type="application/ld+json">${JSON.stringify(jsonLd).replace(/</g, '\\u003c')}</script>
<script>window.adConfig = { slot: "slot-${seed * 7919}", ts: ${1_690_000_000 + seed} };</script>
</head>
<body class="article-page">
<div class="cookie-consent" id="consent-${seed}"><p>We use cookies. <button>OK</button></p></div>
<header class="site-header"><a class="logo" href="/">${esc(site)}</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li></ul></nav></header>
<div class="ad-slot" data-id="${seed * 31}">${esc(w.advert)}</div>`;
  const mostRead = `<aside class="most-read"><h2>${esc(w.mostRead)}</h2><ol>${[0, 1, 2, 3].map((i) => `<li><a href="/story/${(seed + i) % 9}">Story ${(seed + i) % 9}: ${esc(site)} ${(seed * (i + 3)) % 97}</a></li>`).join('')}</ol></aside>`;
  const foot = `<footer class="site-footer"><p>© 2023 ${esc(site)}</p></footer>\n</body>\n</html>\n`;
  const paras = (list: string[]) => list.map((p) => `<p>${esc(p)}</p>`);
  const byline = text.byline && !/^https?:/.test(text.byline) ? text.byline : '';
  switch (templateOf(pair.id)) {
    case 'ledger': {
      // A dek under the headline, a byline and a <time> in the article header, a figure and a promo in the body.
      const bodyHtml = paras(body);
      if (bodyHtml.length > 1)
        bodyHtml.splice(
          1,
          0,
          `<figure><img src="/img/${seed}.jpg" alt=""><figcaption>Photo caption for this story. <span class="credit">Photo: Agency / ${seed}</span></figcaption></figure>`,
        );
      bodyHtml.push(
        `<p class="related-link">${esc(w.readAlso)}: <a href="/story/${seed % 5}">${esc(site)} story ${seed % 5}</a></p>`,
      );
      return `${head}
<main><article class="story">
<header class="story-header">
<h1 class="headline">${esc(headline)}</h1>
${text.standfirst ? `<p class="standfirst">${esc(text.standfirst)}</p>` : ''}
${byline ? `<div class="byline">${esc(w.by)} <a rel="author" href="/staff">${esc(byline)}</a></div>` : ''}
<time datetime="2023-06-01T08:00:00Z">1 June 2023</time> <span class="timestamp">${esc(updated)}</span>
</header>
<div class="share-tools"><a href="#">Facebook</a> <a href="#">X</a></div>
<div class="article-body" itemprop="articleBody">
${bodyHtml.join('\n')}
</div>
</article>
${mostRead}</main>
${foot}`;
    }
    case 'dutch': {
      // No dek on the page (the description is only in the metadata); the time's text is in the article, above the body.
      return `${head}
<main><article>
<h1>${esc(headline)}</h1>
<div class="article-info"><time datetime="2023-06-01T08:00:00Z">${esc(updated)}</time>${byline ? ` <span>${esc(byline)}</span>` : ''}</div>
<div class="content">
${paras(body).join('\n')}
<p><a href="/live">${esc(w.readAlso)}: live</a></p>
</div>
<div class="comment-count">${esc(w.comments(seed % 40))}</div>
</article></main>
${mostRead}
${foot}`;
    }
    case 'wire': {
      // The dek as a subtitle, the byline and a dateline-like <time> paragraph inside the body's container.
      return `${head}
<div id="page"><div class="column">
<h1 itemprop="headline">${esc(headline)}</h1>
${text.standfirst ? `<h2 class="article-subtitle">${esc(text.standfirst)}</h2>` : ''}
<div class="text">
${byline ? `<p>${esc(w.by)} ${esc(byline)}</p>` : ''}
<p><time datetime="2023-06-01T08:00:00Z">${esc(updated)}</time></p>
${paras(body).join('\n')}
</div>
</div>${mostRead}</div>
${foot}`;
    }
  }
}
