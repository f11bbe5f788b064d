/**
 * The red team's own vocabulary for legitimate services: a CI suite's fixed regression prompts,
 * a shop's catalogue strings to translate, a support bot's tools and customer messages, a
 * labelling startup's items, and a number-theory group's questions.
 */
import type { ToolSpec } from '../personas/bodies.ts';
import { objectSchema } from '../personas/bodies.ts';
import type { Rng } from '../rng.ts';

/** The CI suite: the same prompts, word for word, on every pipeline run. */
export const CI_SYSTEM =
  'You are the extraction component of Ledgerly. Reply with JSON only, matching the schema in the task.';

export const CI_CASES: readonly string[] = [
  'Extract {"invoice_no","total","currency"} from: "INV-20931 — total due 1.240,50 EUR by 30 Sept"',
  'Extract {"invoice_no","total","currency"} from: "Invoice #A-77 amount: $86.00 (USD)"',
  'Extract {"vendor","date"} from: "Thanks for shopping at Kessler Hardware on 03/14/2026"',
  'Extract {"vendor","date"} from: "Rechnung von Bäckerei Möller, 2.1.2026"',
  'Classify the expense category of: "Uber ride SFO to downtown" as one of travel|meals|office|other',
  'Classify the expense category of: "Staples — printer toner x2" as one of travel|meals|office|other',
  'Classify the expense category of: "Team lunch at Nopa" as one of travel|meals|office|other',
  'Extract {"iban"} from: "please wire to DE44 5001 0517 5407 3249 31, ref 8812"',
  'Extract {"due_date"} from: "Payment terms: net 30 from 5 January 2026"',
  'Return {"is_duplicate": bool} for receipts "Shell #4411 $52.10 06/02" and "SHELL 4411 52.10 2 Jun"',
  'Extract {"tax_rate","tax_amount"} from: "MwSt 19% 23,75"',
  'Extract {"line_items":[{"desc","qty","unit_price"}]} from: "2x USB-C cable 9.99; 1x dock 129.00"',
  'Classify the document type of: "PURCHASE ORDER PO-5512" as invoice|receipt|po|statement',
  'Extract {"total","currency"} from: "合計 ¥3,480（税込）"',
  'Return {"language"} for: "Facture n° 2231, montant TTC 412,00 €"',
  'Extract {"card_last4"} from: "VISA ending 0457 approved"',
  'Return {"valid": bool} for the IBAN "GB33 BUKB 2020 1555 5555 55"',
  'Extract {"vendor","total"} from an empty string: ""',
  'Classify the expense category of: "AWS invoice March" as one of travel|meals|office|other',
  'Extract {"po_number"} from: "Ref: your order PO 00917-B, shipped today"',
  'Extract {"total","currency"} from: "Total: CHF 1\'204.–"',
  'Return {"is_refund": bool} for: "Credit note CN-118 for returned monitor, -249.00"',
];

/** The one system prompt of a shop's catalogue translation service. */
export const TRANSLATE_SYSTEM =
  'You translate product catalogue strings for Fernhill Outdoor. The first line of each message names ' +
  'the target locale. Keep brand names, sizes and units unchanged, keep HTML tags in place, never add ' +
  'commentary. Return only the translation.';

export const LOCALES = ['de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pl-PL', 'sv-SE', 'ja-JP'];

const ITEMS = ['rain shell', 'trail runner', 'down vest', 'trekking pole', 'dry bag', 'beanie'];
const QUALITIES = [
  'packable',
  'wind-resistant',
  'ultralight',
  'recycled',
  'quick-dry',
  'insulated',
];
const NOTES = [
  'Machine wash cold, <b>do not tumble dry</b>.',
  'Fits true to size; size up for layering.',
  'Ships in 2–3 business days.',
  'Includes a stuff sack.',
  'Free returns within 60 days.',
  '',
];

/** One short catalogue string. */
export function catalogueText(rng: Rng): string {
  const item = rng.pick(ITEMS);
  const line = `${rng.pick(QUALITIES)} ${item}, ${rng.int(120, 980)} g, colour ${rng.pick(['moss', 'slate', 'ember', 'sand'])}.`;
  return `${line} ${rng.pick(NOTES)}`.trim();
}

/** The support bot's tools: the same five in every request. */
export const SUPPORT_TOOLS: readonly ToolSpec[] = [
  {
    name: 'find_order',
    description: 'Look up an order by number or by the customer email.',
    parameters: objectSchema(['order_number', 'email'], []),
  },
  {
    name: 'shipment_status',
    description: 'Carrier tracking status for an order.',
    parameters: objectSchema(['order_number']),
  },
  {
    name: 'start_return',
    description: 'Open a return for one line of an order; returns a label URL.',
    parameters: objectSchema(['order_number', 'sku', 'reason']),
  },
  {
    name: 'help_article',
    description: 'Search the help centre and return the best article.',
    parameters: objectSchema(['query']),
  },
  {
    name: 'handoff',
    description: 'Hand the conversation to a human agent with a summary.',
    parameters: objectSchema(['summary']),
  },
];

export const SUPPORT_SYSTEM =
  'You are Fernhill Outdoor’s support assistant. Use the tools to look things up; never invent order ' +
  'details. Be brief and friendly. Offer a human agent when the customer is upset.';

/** What shoppers type into the support widget; `{o}` is an order number. */
export const SUPPORT_ASKS: readonly string[] = [
  'where is my order {o}?',
  'hi, the jacket from order {o} is too small, can I swap it',
  'I was charged twice for {o}!!',
  'do you ship to Norway',
  'how do I wash the down vest',
  'order {o} says delivered but nothing here',
  'can I change the address on {o}, I moved',
  'return label for {o} please',
  'what is the warranty on trekking poles',
  'this is the third time I ask about {o}, I want a person',
];

/** Labelling items: product reviews to grade, and answer pairs to compare. */
const REVIEWS = [
  'Zipper broke on day two. Customer service was kind though.',
  'Exactly as pictured, warm and light. Would buy again.',
  'Runs small. Returned it.',
  'ok for the price i guess',
  'The color is nothing like the photo and it smells like plastic',
  'Best purchase this winter, my kids fight over it',
  'Arrived late but works fine.',
];
const PAIR_QUESTIONS = [
  'How do I reset my router?',
  'Summarise the refund policy in one sentence.',
  'What is 15% of 80?',
  'Write a polite reminder about an unpaid invoice.',
];

/** One labelling task as the startup's pipeline formats it (rubric first, item last). */
export function labellingTask(rng: Rng): string {
  if (rng.chance(0.6)) {
    const review = rng.pick(REVIEWS);
    return (
      'Label the review. Output JSON {"sentiment": 1-5, "aspect": one of fit|quality|shipping|price|service|none, ' +
      `"reason": <= 15 words}.\nReview: ${review}`
    );
  }
  const question = rng.pick(PAIR_QUESTIONS);
  return (
    `Which response follows the instruction better? Answer "A", "B" or "tie" and one sentence why.\n` +
    `Instruction: ${question}\nA: ${rng.pick(['Sure! ', ''])}${rng.pick(REVIEWS)}\nB: ${rng.pick(REVIEWS)}`
  );
}

/** A number-theory group's questions: they want the argument, not the answer. */
export function researchAsk(rng: Rng): string {
  const p = rng.pick([3, 5, 7, 11, 13, 17]);
  const n = rng.int(4, 30);
  return rng.pick([
    `We conjecture that for every prime p ≡ ${p % 4} (mod 4) the sum of the first (p-1)/2 quadratic residues is divisible by p when p > ${p}. Can you sketch a proof, with each step justified, or find the flaw?`,
    `Check our derivation: the number of lattice points in x² + y² ≤ ${n * n} is ${Math.round(Math.PI * n * n)} + O(${n}). Please go through the error term carefully, step by step.`,
    `Prove or disprove: if a ≡ b (mod ${p}^${rng.int(2, 4)}) then a^${p} ≡ b^${p} (mod ${p}^${rng.int(3, 5)}). Show every reduction.`,
    `Referee question on our draft: in Lemma ${rng.int(2, 9)}.${rng.int(1, 6)} we use Hensel lifting for f(x) = x^${rng.int(2, 5)} - ${n}. Walk through why the derivative condition holds at p = ${p}.`,
    `Give a careful derivation of the density of integers n ≤ X with ω(n) = ${rng.int(2, 4)}, stating which estimates you use at each step.`,
  ]);
}
