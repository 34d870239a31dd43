// Escaping is the console's only defence against hostile text in titles, reasons and names.
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from '../../adapters/web/html.ts';
import { withFlash } from '../../adapters/web/flash.ts';
import { safeLocal } from '../../adapters/web/site.ts';

describe('html``', () => {
  it('escapes every interpolation, quotes included, so text cannot leave an attribute or open a tag', () => {
    const title = `<script>alert('x')</script>" onmouseover="steal()`;
    expect(html`<p title="${title}">${title}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;steal()">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;steal()</p>',
    );
    expect(escapeHtml('a & b ` c')).toBe('a &amp; b &#96; c');
  });

  it('keeps nested html`` and raw() as markup, flattens lists, and drops null, undefined and booleans', () => {
    const items = ['<a>', 'b'];
    expect(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    expect(html`${raw('<br>')}${null}${undefined}${false}${true}${0}`.value).toBe('<br>0');
  });
});

describe('redirects and confirmations', () => {
  it('only ever redirects within the site', () => {
    expect(safeLocal('/requests/R-1?done=x')).toBe('/requests/R-1?done=x');
    for (const evil of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/a b']) expect(safeLocal(evil)).toBe('/');
  });

  it('adds the confirmation code to a path, replacing an earlier one', () => {
    expect(withFlash('/', 'request.approve')).toBe('/?done=request.approve');
    expect(withFlash('/reports?flow=a', 'x')).toBe('/reports?flow=a&done=x');
    expect(withFlash('/requests/R-1?done=old', 'new')).toBe('/requests/R-1?done=new');
  });
});
