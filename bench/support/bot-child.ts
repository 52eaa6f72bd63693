/**
 * ShipShape as it ships (createApp: restify, botbuilder, the findings source) in its own process, so
 * its peak RSS is its own. Reports its URL over IPC and answers `rss` with its peak resident set.
 * Usage: `node --import tsx bench/support/bot-child.ts` with the configuration in the environment.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';

if (!process.send) throw new Error('bot-child runs under the bench (IPC)');
const send = process.send.bind(process);
const app = await createApp(loadConfig(process.env));
const url = await app.listen(0, '127.0.0.1');
// How late timers fire while answering: a busy event loop delays the "working on it" card too.
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
send({ type: 'ready', url, idleRssMb: process.memoryUsage().rss / 1048576 });

process.on('message', (message: { type?: string; id?: number }) => {
  if (message.type === 'rss') {
    // maxRSS is in kilobytes: the high-water mark since the process started.
    send({ type: 'done', id: message.id, peakRssMb: process.resourceUsage().maxRSS / 1024, rssMb: process.memoryUsage().rss / 1048576, maxLagMs: lag.max / 1e6 });
  } else if (message.type === 'stop') {
    void app.close().then(() => process.exit(0));
  }
});
