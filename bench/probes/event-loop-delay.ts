import { renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

// Loaded into a bench server with --import (bench/lib/elan-server.ts, `loopDelay`): on SIGUSR2 it writes the
// event loop's delay since the previous signal to the file ELAN_BENCH_LOOP_DELAY names, as JSON in ms, and
// counts afresh. Élan itself exposes the same figure with its metrics; the bench reads it without them.

const file = process.env.ELAN_BENCH_LOOP_DELAY;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  process.on('SIGUSR2', () => {
    const ms = (ns: number) => ns / 1e6;
    const figures = {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      samples: histogram.count,
    };
    // Written whole, then renamed, so the bench never reads half a file.
    writeFileSync(`${file}.part`, JSON.stringify(figures));
    renameSync(`${file}.part`, file);
    histogram.reset();
  });
}
