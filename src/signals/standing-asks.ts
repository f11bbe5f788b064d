/**
 * What a request asks for outside its latest turn (S4, S5): its standing instructions — the
 * system prompt and a conversation's opening turn, remembered by their text — and the tool
 * results or prefill it ends with; and what of a long text is read at all (scannedPart).
 */
import type { DetectionSettings } from '../detection/detection-settings.ts';
import { asksForGrading, elicitsReasoning } from './phrases.ts';
import { newTextShape, readTextShape } from './text-shape.ts';

/**
 * What of a turn is read: all of it up to `budget` characters; beyond, its first three quarters
 * and last quarter of the budget — a template's instructions sit at its ends, the varying payload
 * (a document, a problem, code) in the middle.
 */
export function scannedPart(turn: string, budget: number): string {
  if (turn.length <= budget) return turn;
  const head = Math.floor((budget * 3) / 4);
  return `${turn.slice(0, head)}\n${turn.slice(turn.length - (budget - head - 1))}`;
}

// ---------------------------------------------------------------------------------------------
// What the standing instructions ask for: the system prompt, and the first user turn of a
// conversation ("from now on, show your full reasoning"). They are the account's as much as the
// latest turn is: "think step by step" or "you are an impartial judge" moved there from the turn
// would otherwise be a free bypass of S4 and S5. Read like a turn (its first and last
// `hashedChars`), and remembered by their text: an app sends the same system prompt with every
// request, a conversation its opening turn, so the scan is paid once.

export const ASKS = Object.freeze({ elicit: 1, grade: 2 });
/**
 * Bounded in texts and in characters kept (hashedChars may be 64 K), least recently used out
 * first. The texts are the keys — a hash could be made to collide with a harmless prompt's — and
 * are held nowhere else: never logged, never exported.
 */
const STANDING_KEPT = 256;
const STANDING_CHARS_KEPT = 1 << 20;
const standingAsked = new Map<string, number>();
let standingCharsKept = 0;
const phraseShape = newTextShape();

export function standingAsks(text: string, settings: DetectionSettings): number {
  const scanned = scannedPart(text, settings.hashedChars);
  const known = standingAsked.get(scanned);
  if (known !== undefined) {
    // Most recently used last: the Map's order is the eviction order.
    standingAsked.delete(scanned);
    standingAsked.set(scanned, known);
    return known;
  }
  const asks = patternAsks(scanned);
  standingAsked.set(scanned, asks);
  standingCharsKept += scanned.length;
  // The least recently used go first, one at a time, until both bounds hold.
  for (const oldest of standingAsked.keys()) {
    if (standingAsked.size <= STANDING_KEPT && standingCharsKept <= STANDING_CHARS_KEPT) break;
    standingAsked.delete(oldest);
    standingCharsKept -= oldest.length;
  }
  return asks;
}

/**
 * What a text the client did not type as its turn asks for, by the patterns only, not the intent
 * models: a system prompt is one text sent with every request of an app, so a false positive there
 * marks all of them, and the models were measured on user turns, not on system prompts or pages.
 * (Read by the elicitation model, a coding agent's "run the tests after each change, and explain
 * what you did" elicited, and so did an installation guide's "walks through each step".)
 */
function patternAsks(scanned: string): number {
  readTextShape(scanned, scanned.length, phraseShape);
  const triggers = phraseShape.triggers;
  return (
    (elicitsReasoning(scanned, triggers, phraseShape) ? ASKS.elicit : 0) |
    (asksForGrading(scanned, triggers, phraseShape) ? ASKS.grade : 0)
  );
}

/**
 * What the tool results the request ends with, or its prefill, ask for. An agent's tool results
 * are read by the model as much as its turn is: a harvest can keep its turns innocuous ("research
 * X for my team") and put the ask in the pages its tools return ("solutions here show every
 * intermediate step"), a bypass of S4 and S5 as free as moving it to the system prompt would be;
 * and a prefill ("Let's think step by step. First,", "<thinking>") makes the model write its
 * reasoning without any turn asking. Only the latest results (each earlier one was scanned with
 * the request it ended), read like a turn (their first and last `hashedChars`) by the patterns;
 * not remembered, as a result is seldom sent twice as the last one.
 */
export function trailingAsks(text: string, settings: DetectionSettings): number {
  return patternAsks(scannedPart(text, settings.hashedChars));
}
