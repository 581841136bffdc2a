/**
 * Pictures of Partner Desk's main Adaptive Cards as Teams shows them: filled from the demo data after real
 * operations (test/support/sampleCards.ts), rendered by the official `adaptivecards` renderer in headless Chromium
 * with Teams' host config, in a Teams-like chat frame (card 450 px wide). Writes docs/cards/<name>.png and
 * docs/cards/README.md. Fails (exit code 1) when a card does not render cleanly or text is cut off.
 *
 *   npm run cards:docs        (tsx cards/renderCardDocs.ts; needs `apt-get install -y chromium`)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CardRenderer, renderProblems, teamsHostConfigForPictures, type Theme } from '../test/support/cardRenderer.js';
import { sampleCards } from '../test/support/sampleCards.js';

interface Picture {
  card: string;
  theme: Theme;
  caption: string;
}

const PICTURES: Picture[] = [
  { card: 'welcomeAdmin', theme: 'light', caption: 'Welcome and help for a Global or Billing admin: what Partner Desk does for their role, with navigation.' },
  { card: 'invitationPending', theme: 'light', caption: 'A pending partner invitation with the Accept agreement & authorize partner form: agreement link, required acknowledgement, Accept & Authorize and Cancel invitation.' },
  { card: 'partners', theme: 'light', caption: 'The partners the organization works with, right after accepting an invitation (green banner).' },
  { card: 'partnerDetails', theme: 'light', caption: 'One partner: type, admin roles, Customer Agreement, with Remove roles and Ask to end relationship.' },
  { card: 'partnerDetailsNeedsAgreement', theme: 'light', caption: 'A partner whose Microsoft Customer Agreement is not accepted yet: review and accept it from the card.' },
  { card: 'removeRoles', theme: 'light', caption: 'Confirmation before removing a partner’s admin roles (the relationship stays).' },
  { card: 'partnerDetailsAfterRemoval', theme: 'light', caption: 'The partner after its roles were removed: banner, updated facts and the change in Recent changes.' },
  { card: 'findPartner', theme: 'light', caption: 'Find a partner: location, organization size and services.' },
  { card: 'searchResults', theme: 'light', caption: 'Partners found near Seattle for “security licensing”, to select and contact.' },
  { card: 'contactForm', theme: 'light', caption: 'Contact selected providers: describe the business needs.' },
  { card: 'auditTrail', theme: 'light', caption: 'History: who changed what, newest first.' },
  { card: 'notification-rolesRemoved', theme: 'light', caption: 'What the partner’s team channel receives when a customer removes its admin roles.' },
  { card: 'inviteCustomer', theme: 'light', caption: 'Partner side: invite a customer (tenant id, partner type, delegated admin roles, message).' },
  { card: 'partnerCustomers', theme: 'light', caption: 'Partner side: the partner’s customers, each with End relationship.' },
  { card: 'partnerCustomersPage2', theme: 'light', caption: 'A long list, a page at a time: the second page of a partner’s 45 customers, with Previous and Next.' },
  { card: 'invitationPending', theme: 'dark', caption: 'The pending invitation in Teams’ dark theme.' },
];

const OUT_DIR = new URL('../docs/cards/', import.meta.url);
const fileName = (p: Picture) => (p.theme === 'light' ? `${p.card}.png` : `${p.card}-${p.theme}.png`);

function readme(): string {
  const lines = [
    '# Partner Desk cards',
    '',
    'How the bot’s main Adaptive Cards look in a Teams chat. Each card is filled from the demo data after real',
    'operations (`test/support/sampleCards.ts`) and rendered by the official `adaptivecards` renderer in headless',
    'Chromium with Teams’ host config (`cards/schema/hostconfig.microsoft-teams-*.json`), in a Teams-like frame with',
    'the card 450 px wide. Machines without Segoe UI draw a look-alike font, so widths differ slightly from Teams.',
    '',
    'Regenerate with `npm run cards:docs` (needs Chromium: `apt-get install -y chromium`); it fails if a card does not',
    'render cleanly or cuts text off. `test/cards/cardRendering.test.ts` checks every card the same way.',
    '',
    ...PICTURES.flatMap((p) => [`## ${fileName(p)}`, '', p.caption, '', `![${p.card}](${fileName(p)})`, '']),
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const cards = await sampleCards();
  mkdirSync(OUT_DIR, { recursive: true });
  const renderer = await CardRenderer.launch({ deviceScaleFactor: 1.5 });
  const failures: string[] = [];
  try {
    for (const picture of PICTURES) {
      const card = cards[picture.card];
      if (!card) {
        failures.push(`${picture.card}: no such sample card`);
        continue;
      }
      await renderer.clear(picture.theme);
      const report = (await renderer.render({ [picture.card]: card }, teamsHostConfigForPictures(picture.theme)))[picture.card]!;
      const problems = renderProblems(report, { clipping: true });
      failures.push(...problems.map((p) => `${picture.card} (${picture.theme}): ${p}`));
      const path = fileURLToPath(new URL(fileName(picture), OUT_DIR));
      await renderer.screenshot(path);
      console.log(`${problems.length ? '✗' : '✓'} ${path} (${report.width}×${report.height})`);
    }
    failures.push(...renderer.pageErrors);
  } finally {
    await renderer.close();
  }
  writeFileSync(new URL('README.md', OUT_DIR), readme());
  if (failures.length > 0) {
    console.error(`\n${failures.length} problem(s):\n${failures.join('\n')}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
