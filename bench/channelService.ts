import { ChannelServiceStandIn } from '../test/support/channelServiceStandIn.js';

/**
 * The channel service stand-in in a process of its own, for the benchmark: Teams' service is another machine, and
 * answering the bot's replies and notifications in the load driver's process would slow the driver and count that
 * time against whichever bot sends more. It keeps no record of the calls (a benchmark run sends tens of thousands).
 */
const channel = await new ChannelServiceStandIn().start();
setInterval(() => { channel.calls.length = 0; }, 1_000).unref();
process.stdout.write(`channel ${channel.url}\n`);
process.on('SIGTERM', () => void channel.stop().then(() => process.exit(0)));
