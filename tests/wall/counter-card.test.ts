import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngHeader } from '../badges/png-tools.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let manager: { cookie: string };

beforeAll(async () => {
  t = await createTestApp();
  const rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
});
afterAll(() => t.close());

describe('a manager prints the counter card for the till', () => {
  it('finds the print view from the workplace’s page in /manage', async () => {
    const page = await (await t.app.request('/manage/workplaces/cafe-rouge', { headers: { cookie: manager.cookie } })).text();
    expect(page).toContain('/manage/workplaces/cafe-rouge/print');
    const print = await t.app.request('/manage/workplaces/cafe-rouge/print', { headers: { cookie: manager.cookie } });
    expect(print.status).toBe(200);
    expect(await print.text()).toContain('/w/cafe-rouge/counter-card.png');
  });

  it('downloads an A6 PNG at 300 dpi, and a second fetch is answered 304 without drawing again', async () => {
    const first = await t.app.request('/w/cafe-rouge/counter-card.png');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    const png = new Uint8Array(await first.arrayBuffer());
    expect(pngHeader(png)).toMatchObject({ width: 1240, height: 1748 });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

    const again = await t.app.request('/w/cafe-rouge/counter-card.png', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('prints the new name once the workplace is renamed', async () => {
    const before = (await t.app.request('/w/cafe-rouge/counter-card.png')).headers.get('etag');
    await t.ctx.db.updateTable('workplaces').set({ name: 'Café Rouge & Fils' }).where('slug', '=', 'cafe-rouge').execute();
    const after = await t.app.request('/w/cafe-rouge/counter-card.png', { headers: { 'if-none-match': before! } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  it('answers 404 for a workplace that does not exist', async () => {
    const res = await t.app.request('/w/nowhere/counter-card.png');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
