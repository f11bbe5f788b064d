/**
 * An Anthropic SDK stream, started and awaited until its first text has arrived (or it ended):
 * what tests that act on a stream in mid-flight need — never a fixed sleep.
 */
import Anthropic from '@anthropic-ai/sdk';

export interface StreamUnderWay {
  /** The text received so far. */
  text(): string;
  /** Settles when the stream ends: 'completed', or the error it ended with. */
  readonly finished: Promise<unknown>;
}

export async function streamUnderWay(
  baseURL: string,
  apiKey: string,
  content: string,
): Promise<StreamUnderWay> {
  const anthropic = new Anthropic({ apiKey, baseURL, maxRetries: 0 });
  const stream = anthropic.messages.stream({
    model: 'mock-ok',
    max_tokens: 400,
    messages: [{ role: 'user', content }],
  });
  let text = '';
  let underWay: () => void = () => {};
  const firstText = new Promise<void>((resolve) => (underWay = resolve));
  stream.on('text', (delta) => {
    text += delta;
    underWay();
  });
  const finished = stream.finalMessage().then(
    () => 'completed',
    (error: unknown) => error,
  );
  await Promise.race([firstText, finished]);
  return { text: () => text, finished };
}
