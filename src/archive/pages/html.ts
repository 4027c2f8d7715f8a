import { html as honoHtml } from 'hono/html';
import { stripBidiControls } from '../../extract/normalise-text.ts';

export { raw } from 'hono/html';

/**
 * Hono's `html` tag, which escapes every value, with bidi controls taken out of every text value too:
 * a headline stored before extraction removed them cannot reorder a page. The archive's pages use
 * this tag only (eslint refuses the other), so no text reaches a page without it.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): ReturnType<typeof honoHtml> {
  return honoHtml(strings, ...values.map(clean));
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return stripBidiControls(value);
  return Array.isArray(value) ? value.map(clean) : value;
}
