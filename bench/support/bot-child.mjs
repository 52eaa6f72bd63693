/**
 * ShipShape as it ships: the compiled JavaScript in dist/ (what the container image runs, without
 * the TypeScript loader), createApp with restify, botbuilder and the findings source, in its own
 * process so that its peak RSS is its own. Reports its URL over IPC and answers `rss` with its peak
 * resident set. The bench builds dist/ first (see build.ts).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import process from 'node:process';
import { setInterval } from 'node:timers';

if (!process.send) throw new Error('bot-child runs under the bench (IPC)');
const send = process.send.bind(process);
const { createApp } = await import('../../dist/app.js');
const { loadConfig } = await import('../../dist/config/index.js');
const app = await createApp(loadConfig(process.env));
const url = await app.listen(0, '127.0.0.1');
// How late timers fire while answering: a busy event loop delays the "working on it" card too.
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
// Where the resident memory is: the JS heap, or buffers outside it (response bodies, sockets).
const peak = { heapUsedMb: 0, externalMb: 0, arrayBuffersMb: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak.heapUsedMb = Math.max(peak.heapUsedMb, m.heapUsed / 1048576);
  peak.externalMb = Math.max(peak.externalMb, m.external / 1048576);
  peak.arrayBuffersMb = Math.max(peak.arrayBuffersMb, m.arrayBuffers / 1048576);
}, 100);
sampler.unref();
send({ type: 'ready', url, idleRssMb: process.memoryUsage().rss / 1048576 });

process.on('message', (message) => {
  if (message.type === 'rss') {
    // maxRSS is in kilobytes: the high-water mark since the process started.
    send({ type: 'done', id: message.id, peakRssMb: process.resourceUsage().maxRSS / 1024, rssMb: process.memoryUsage().rss / 1048576, maxLagMs: lag.max / 1e6, ...peak });
  } else if (message.type === 'stop') {
    void app.close().then(() => process.exit(0));
  }
});
