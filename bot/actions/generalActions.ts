import { z } from 'zod4';
import { auditTrailCard } from '../../cards/auditTrailCard.js';
import { readAuditTrail } from '../../domain/operations/readAuditTrail.js';
import { partnerName } from '../../domain/views.js';
import { refusalCard } from '../screens.js';
import { welcomeScreen } from '../welcomeScreen.js';
import { action, cardData } from './actionHandler.js';

export const showHelp = action('showHelp', z.object({}).loose(), (services, request) => welcomeScreen(services, request));

export const showHistory = action('showHistory', z.object({ partnerId: cardData.id.optional() }).loose(), async (services, request, data) => {
  const events = await readAuditTrail(services.deps, request.actor, { limit: 20, ...(data.partnerId ? { partnerId: data.partnerId } : {}) });
  if (!events.ok) return refusalCard(events.refusal, 'History');
  const name = (id: string) => partnerName(services.deps, id);
  return auditTrailCard(events.value, { partnerName: name, ...(data.partnerId ? { scope: `for ${name(data.partnerId)}` } : {}) });
});
