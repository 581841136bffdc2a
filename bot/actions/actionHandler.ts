import { z } from 'zod4';
import type { AdaptiveCard } from '../../cards/cardTemplates.js';
import type { BotServices } from '../services.js';
import type { TurnRequest } from '../turnRequest.js';

/** One Action.Execute verb: the card data it accepts and what it answers with. */
export interface ActionHandler<S extends z.ZodType = z.ZodType> {
  verb: string;
  data: S;
  handle(services: BotServices, request: TurnRequest, data: z.infer<S>): Promise<AdaptiveCard>;
}

export function action<S extends z.ZodType>(verb: string, data: S, handle: ActionHandler<S>['handle']): ActionHandler<S> {
  return { verb, data, handle };
}

/** The card's version, as the domain's optional `expectedVersion` (absent when the card carried none). */
export function expectedVersion(version: number | undefined): { expectedVersion?: number } {
  return version !== undefined ? { expectedVersion: version } : {};
}

/** Card inputs arrive as strings; these read them into the types the domain expects, and refuse anything else. */
export const cardData = {
  id: z.string().min(1).max(100),
  version: z.union([z.number(), z.string().regex(/^\d{1,9}$/)]).transform(Number).pipe(z.number().int().positive()).optional(),
  /** Which page of a long list a card's Previous or Next asks for (see cards/paging.ts). */
  page: z.union([z.number(), z.string().regex(/^\d{1,6}$/)]).transform(Number).pipe(z.number().int().min(1).max(100_000)).optional(),
  toggle: z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true'),
  optionalText: (max: number) => z.string().max(max).optional().transform((v) => (v?.trim() ? v.trim() : undefined)),
  /** A multi-select Input.ChoiceSet sends "a,b,c"; a template may also send an array. */
  list: z.union([z.string().max(5_000), z.array(z.string().max(200)).max(50)])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean)),
};
