import { describe, expect, it } from 'vitest';
import { createDrawingFlights } from '../../src/badges/image-store.ts';

/** A drawing the test finishes by hand, counting how often it was started. */
function heldDrawing() {
  let started = 0;
  let finish: (png: string) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const draw = () => {
    started++;
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { draw, started: () => started, finish: (png: string) => finish(png), fail: (error: Error) => fail(error) };
}

describe('drawings shared by the requests that ask together', () => {
  it('draws once for everyone who asks while the drawing runs, and forgets it once done', async () => {
    const flights = createDrawingFlights();
    const drawing = heldDrawing();
    const asks = Array.from({ length: 32 }, () => flights.share('card a fr 1', drawing.draw));
    expect(flights.size).toBe(1);
    drawing.finish('png');
    expect(await Promise.all(asks)).toEqual(Array(32).fill('png'));
    expect(drawing.started()).toBe(1);
    expect(flights.size).toBe(0);

    // What was drawn is stored by the caller, not kept here: a later ask starts its own.
    const later = flights.share('card a fr 1', drawing.draw);
    drawing.finish('png again');
    expect(await later).toBe('png again');
    expect(drawing.started()).toBe(2);
  });

  it('does not remember a drawing that failed: those waiting hear of it, and the next ask draws again', async () => {
    const flights = createDrawingFlights();
    const drawing = heldDrawing();
    const asks = [flights.share('badge a en 7', drawing.draw), flights.share('badge a en 7', drawing.draw)];
    drawing.fail(new Error('the database refused the image'));
    for (const ask of asks) await expect(ask).rejects.toThrow('the database refused the image');
    expect(flights.size).toBe(0);

    const retry = flights.share('badge a en 7', drawing.draw);
    drawing.finish('png');
    expect(await retry).toBe('png');
    expect(drawing.started()).toBe(2);
  });

  it('draws different images apart', async () => {
    const flights = createDrawingFlights();
    const fr = heldDrawing();
    const en = heldDrawing();
    const asks = [flights.share('card a fr 1', fr.draw), flights.share('card a en 1', en.draw)];
    expect(flights.size).toBe(2);
    fr.finish('fr');
    en.finish('en');
    expect(await Promise.all(asks)).toEqual(['fr', 'en']);
  });

  it('lets those waiting have their drawing when the context is torn down, and starts afresh after', async () => {
    const flights = createDrawingFlights();
    const first = heldDrawing();
    const waiting = flights.share('counter x', first.draw);
    flights.clear();
    expect(flights.size).toBe(0);
    const second = heldDrawing();
    const fresh = flights.share('counter x', second.draw);
    first.finish('old');
    expect(await waiting).toBe('old');
    // The first drawing settling leaves the second in its place: a new ask joins it.
    expect(flights.size).toBe(1);
    const joining = flights.share('counter x', second.draw);
    second.finish('new');
    expect(await Promise.all([fresh, joining])).toEqual(['new', 'new']);
    expect(second.started()).toBe(1);
  });
});
