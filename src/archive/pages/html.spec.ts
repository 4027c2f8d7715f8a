import { describe, expect, it } from 'vitest';
import { html } from './html.ts';

describe('the html tag of the archive', () => {
  it('escapes every value and takes bidi controls out of text, nested and in lists too', async () => {
    const inner = html`<b>${'\u202eMinister resigns\u202c'}</b>`;
    const page =
      await html`<p title="${'\u2066a\u2069'}">${inner} ${['\u200fone', html`<i>${'two\u061c'}</i>`]} ${'<script>'} ${3}</p>`;
    expect(page.toString()).toBe('<p title="a"><b>Minister resigns</b> one<i>two</i> &lt;script&gt; 3</p>');
  });
});
