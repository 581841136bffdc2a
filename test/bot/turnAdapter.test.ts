import assert from 'node:assert/strict';
import type restify from 'restify';
import { AuthenticationError, type BotFrameworkAuthentication } from 'botframework-connector';
import sinon from 'sinon';
import { createAuthentication } from '../../bot/adapter.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/logger.js';
import { TurnAdapter } from '../../bot/turnAdapter.js';
import { actionActivity } from '../support/teamsActivities.js';
import { ACTORS } from '../support/testWorld.js';

/** A restify response that records what the adapter answered. */
function recordingResponse() {
  const answer: { status?: number; body?: unknown; ended: boolean } = { ended: false };
  const res = {
    status: (code: number) => { answer.status = code; return code; },
    send: (body: unknown) => { answer.body = body; },
    end: () => { answer.ended = true; },
  } as unknown as restify.Response;
  return { res, answer };
}

const request = (body: object, authorization?: string) => ({ body, headers: authorization ? { authorization } : {} }) as unknown as restify.Request;
const invoke = () => actionActivity(ACTORS.globalAdmin, 'showPartners', {}, { kind: 'personal' }, 'https://smba.example/');

describe('TurnAdapter.answer', () => {
  afterEach(() => sinon.restore());

  it('runs the turn and answers with its invoke response, the activity fixed up as botbuilder does', async () => {
    const adapter = new TurnAdapter(createAuthentication(loadConfig({}), createLogger('silent')));
    const { res, answer } = recordingResponse();
    let timestamp: unknown;
    const body = { ...invoke(), timestamp: '2026-11-26T10:00:00.000Z' };
    await adapter.answer(request(body), res, async (context) => {
      timestamp = context.activity.timestamp;
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, value: 'ok' } } });
    });
    assert.ok(timestamp instanceof Date);
    assert.deepEqual(answer, { status: 200, body: { statusCode: 200, value: 'ok' }, ended: true });
  });

  it('answers 401 with the reason when the token is refused, without running the turn', async () => {
    sinon.stub(console, 'error');
    const auth = { authenticateRequest: sinon.stub().rejects(new AuthenticationError('Unauthorized: no.', 401)) } as unknown as BotFrameworkAuthentication;
    const { res, answer } = recordingResponse();
    const logic = sinon.spy(async () => undefined);
    await new TurnAdapter(auth).answer(request(invoke(), 'Bearer x'), res, logic);
    assert.deepEqual(answer, { status: 401, body: 'Unauthorized: no.', ended: true });
    assert.equal(logic.callCount, 0);
    assert.equal((auth.authenticateRequest as sinon.SinonStub).firstCall.args[1], 'Bearer x');
  });

  it('answers 500 when the turn could not be run for another reason', async () => {
    sinon.stub(console, 'error');
    const auth = { authenticateRequest: sinon.stub().rejects(new Error('keys unreachable')) } as unknown as BotFrameworkAuthentication;
    const { res, answer } = recordingResponse();
    await new TurnAdapter(auth).answer(request(invoke()), res, async () => undefined);
    assert.deepEqual(answer, { status: 500, body: 'keys unreachable', ended: true });
  });
});
