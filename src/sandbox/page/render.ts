/**
 * The sandbox page's Slack renderer, mrkdwn (`render-mrkdwn.ts`) and Block Kit (`render-blocks.ts`) to
 * HTML, put together. The server uses it in tests; the browser runs the very same functions, shipped
 * as source by `rendererSource()` inside `/sandbox/page.js`, so the parts take what they need as
 * arguments instead of importing it.
 */
import { blockKitRenderer } from './render-blocks.js';
import { mrkdwnRenderer } from './render-mrkdwn.js';

/** Builds the renderer from its two parts (given as arguments, so the browser copy can pass its own). */
export function composeRenderer(mrkdwnPart: typeof mrkdwnRenderer, blocksPart: typeof blockKitRenderer) {
  const text = mrkdwnPart();
  const kit = blocksPart(text);
  return {
    escapeHtml: text.escapeHtml,
    mrkdwn: text.mrkdwn,
    block: kit.block,
    blocks: kit.blocks,
    message: kit.message,
    initials: kit.initials,
  };
}

export function sandboxRenderer() {
  return composeRenderer(mrkdwnRenderer, blockKitRenderer);
}

export type SandboxRenderer = ReturnType<typeof sandboxRenderer>;

/**
 * `const sandboxRenderer = …;` as browser JavaScript: the compiled parts' own source. Function
 * `toString()` gives the code as it runs here (tsc's output, or tsx's and Vitest's transform, whose
 * `__name` helper the caller must define).
 */
export function rendererSource(): string {
  return `const sandboxRenderer = () => (${composeRenderer.toString()})(${mrkdwnRenderer.toString()}, ${blockKitRenderer.toString()});`;
}
