import { type Activity, CloudAdapter, StatusCodes, type TurnContext } from 'botbuilder';
// botbuilder's own fix-up of a received activity (its timestamps as Dates), as CloudAdapter.process applies it.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';
import { AuthenticationError } from 'botframework-connector';
import type restify from 'restify';

/**
 * botbuilder's CloudAdapter, answering a POSTed activity the server has already checked as `process` does: the turn
 * runs through `processActivity`, and the answer is its invoke response, 401 for a refused token, 500 for a turn that
 * threw.
 *
 * Why not `process` itself: its zod 3 checks of the response, the logic and the body each run a zod refinement, and
 * with such a parse in a turn V8 promoted every turn's request and response out of the young generation (about 11 KB
 * a turn in a bare echo bot, against about 1 without; README, "Native async in botbuilder"), to wait there for a major
 * collection. The server's own check of the body (activityShapeProblem) stands in for botbuilder's.
 */
export class TurnAdapter extends CloudAdapter {
  async answer(req: restify.Request, res: restify.Response, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = validateAndFixActivity(req.body as Activity);
    try {
      const invokeResponse = await this.processActivity(req.headers.authorization ?? '', activity, logic);
      end(res, invokeResponse?.status ?? StatusCodes.OK, invokeResponse?.body);
    } catch (error) {
      // Reported as botbuilder reports it; bot/index.ts logs a refused token as a warning, not an error.
      console.error(error);
      end(res, error instanceof AuthenticationError ? StatusCodes.UNAUTHORIZED : StatusCodes.INTERNAL_SERVER_ERROR, (error as Error).message ?? error);
    }
  }
}

function end(res: restify.Response, status: number, body: unknown): void {
  res.status(status);
  if (body) res.send(body);
  res.end();
}
