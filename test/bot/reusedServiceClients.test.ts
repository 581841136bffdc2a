import assert from 'node:assert/strict';
import type { Response } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type ConnectorClient, ConnectorFactory } from 'botframework-connector';
import sinon from 'sinon';
import { createAdapter, createAuthentication } from '../../bot/adapter.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/logger.js';
import { ReusedServiceClients } from '../../bot/reusedServiceClients.js';
import { actionActivity } from '../support/teamsActivities.js';
import { ACTORS } from '../support/testWorld.js';

/** The connector and user-token clients botbuilder hands each turn, for activities posted from these service URLs. */
async function clientsOfTurns(serviceUrls: string[]): Promise<Array<{ connector: unknown; userToken: unknown }>> {
  const log = createLogger('silent');
  const adapter = createAdapter(createAuthentication(loadConfig({}), log), log);
  const seen: Array<{ connector: unknown; userToken: unknown }> = [];
  adapter.use(async (context, next) => {
    seen.push({ connector: context.turnState.get(adapter.ConnectorClientKey), userToken: context.turnState.get(adapter.UserTokenClientKey) });
    await next();
  });
  for (const serviceUrl of serviceUrls) {
    const response: Response = { socket: {}, end: () => undefined, header: () => undefined, send: () => undefined, status: () => undefined };
    const body = actionActivity(ACTORS.globalAdmin, 'showPartners', {}, { kind: 'personal' }, serviceUrl);
    await adapter.process({ body, headers: {}, method: 'POST' }, response, async () => undefined);
  }
  return seen;
}

const identity = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

/** A connector factory whose clients are plain tokens, counting how often it is asked. */
function countingFactory(fail = 0) {
  const create = sinon.spy(async (serviceUrl: string, audience?: string) => {
    if (create.callCount <= fail) throw new Error('credentials failing');
    return { serviceUrl, audience } as unknown as ConnectorClient;
  });
  const factory = new (class extends ConnectorFactory {
    create(serviceUrl: string, audience?: string) { return create(serviceUrl, audience); }
  })();
  return { factory, create };
}

describe('the clients of incoming turns', () => {
  it('are made once and shared by every turn from the same service URL', async () => {
    const [first, second] = await clientsOfTurns(['https://smba.example/amer/', 'https://smba.example/amer/']);
    assert.ok(first!.connector && first!.userToken, 'botbuilder gave the turn its clients');
    assert.equal(second!.connector, first!.connector);
    assert.equal(second!.userToken, first!.userToken);
  });

  it('are made anew for another service URL, but the user-token client is shared', async () => {
    const [first, second] = await clientsOfTurns(['https://smba.example/amer/', 'https://smba.example/emea/']);
    assert.notEqual(second!.connector, first!.connector);
    assert.equal(second!.userToken, first!.userToken);
  });
});

describe('ReusedServiceClients', () => {
  it('keeps the clients of different app ids and audiences apart', async () => {
    const clients = new ReusedServiceClients();
    const { factory, create } = countingFactory();
    const a = await clients.connectorFactory(factory, identity('app-a')).create('https://smba.example/', 'aud');
    assert.equal(await clients.connectorFactory(factory, identity('app-a')).create('https://smba.example/', 'aud'), a);
    assert.notEqual(await clients.connectorFactory(factory, identity('app-b')).create('https://smba.example/', 'aud'), a);
    assert.notEqual(await clients.connectorFactory(factory, identity('app-a')).create('https://smba.example/', 'other'), a);
    assert.equal(create.callCount, 3);
  });

  it('makes a client again after making it failed, instead of handing out the failure', async () => {
    const clients = new ReusedServiceClients();
    const { factory, create } = countingFactory(1);
    await assert.rejects(clients.connectorFactory(factory, identity('app')).create('https://smba.example/'), /credentials failing/);
    await new Promise((resolve) => setImmediate(resolve));
    const client = await clients.connectorFactory(factory, identity('app')).create('https://smba.example/');
    assert.deepEqual(client, { serviceUrl: 'https://smba.example/', audience: undefined });
    assert.equal(create.callCount, 2);
  });

  it('holds at most maxEntries clients, dropping the least recently used', async () => {
    const clients = new ReusedServiceClients(2);
    const { factory, create } = countingFactory();
    const made = (url: string) => clients.connectorFactory(factory, identity('app')).create(url);
    const one = await made('https://one.example/');
    await made('https://two.example/');
    await made('https://one.example/');
    await made('https://three.example/'); // drops two, the least recently used
    assert.equal(await made('https://one.example/'), one);
    assert.equal(create.callCount, 3);
    await made('https://two.example/');
    assert.equal(create.callCount, 4);
  });

  it('hands every turn a factory of one class, not a class made for the turn', () => {
    const clients = new ReusedServiceClients();
    const { factory } = countingFactory();
    const first = clients.connectorFactory(factory, identity('app-a'));
    const second = clients.connectorFactory(factory, identity('app-b'));
    assert.ok(first instanceof ConnectorFactory);
    assert.equal(Object.getPrototypeOf(second), Object.getPrototypeOf(first));
  });

  it('makes the user-token client once per app id', async () => {
    const clients = new ReusedServiceClients();
    const make = sinon.spy(async () => ({}) as never);
    const first = await clients.userTokenClient(identity('app'), make);
    assert.equal(await clients.userTokenClient(identity('app'), make), first);
    await clients.userTokenClient(identity('other'), make);
    assert.equal(make.callCount, 2);
  });
});
