/**
 * Block Kit's documented limits, checked as Slack checks a `blocks` array before it posts a message or
 * stores a view (docs.slack.dev/reference/block-kit/blocks; docs/slack-platform.md §6). Slack answers a
 * broken limit with `invalid_blocks` and messages such as
 * `[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]`; `blockKitProblem`
 * answers the first such message, or undefined. Pure: no state, no I/O.
 *
 * Characters are counted as JavaScript string length (UTF-16 code units), so an emoji outside the BMP
 * counts twice: at least as strict as Slack. Block types it does not model (rich_text, video, …) pass,
 * as Slack has more than the bot uses; only their `block_id` is checked.
 */
import {
  type BlockProblem,
  checkElement,
  checkImage,
  checkItems,
  checkString,
  checkText,
  eachItem,
  first,
  isObj,
  problem,
  textObject,
} from './slack-stand-in-block-parts.js';

export type { BlockProblem } from './slack-stand-in-block-parts.js';

type Check = BlockProblem | undefined;
type Obj = Record<string, unknown>;

/** Markdown blocks share 12,000 characters per message. */
const MARKDOWN_MAX = 12_000;

/** Section: `text` (1–3000) or `fields` (≤10, each ≤2000); an accessory is an element. */
function section(block: Obj, at: string): Check {
  if (block.text === undefined && block.fields === undefined)
    return problem('missing required field: text', at);
  return first(
    () => checkText(block, 'text', at, 3000),
    () => checkItems(block, 'fields', at, 10),
    () => eachItem(block, 'fields', at, (field, here) => textObject(field, here, 2000)),
    () => (block.accessory === undefined ? undefined : checkElement(block.accessory, `${at}/accessory`)),
  );
}

/** Context: 1–10 elements, each an image element or a text object. */
function context(block: Obj, at: string): Check {
  const element = (item: unknown, here: string): Check =>
    isObj(item) && item.type === 'image' ? checkElement(item, here) : textObject(item, here, 3000);
  return first(
    () => checkItems(block, 'elements', at, 10, true, 1),
    () => eachItem(block, 'elements', at, element),
  );
}

/** Table: ≤100 rows of ≤20 cells, `column_settings` ≤20. */
function table(block: Obj, at: string): Check {
  const row = (cells: unknown, here: string): Check => {
    if (!Array.isArray(cells)) return problem('must be an array', here);
    return cells.length > 20 ? problem('no more than 20 items allowed', here) : undefined;
  };
  return first(
    () => checkItems(block, 'rows', at, 100, true, 1),
    () => eachItem(block, 'rows', at, row),
    () => checkItems(block, 'column_settings', at, 20),
  );
}

const BLOCKS: Record<string, (block: Obj, at: string) => Check> = {
  section,
  context,
  table,
  header: (block, at) => checkText(block, 'text', at, 150, true, true),
  actions: (block, at) =>
    first(
      () => checkItems(block, 'elements', at, 25, true, 1),
      () => eachItem(block, 'elements', at, checkElement),
    ),
  image: (block, at) =>
    first(
      () => checkImage(block, at, 2000),
      () => checkText(block, 'title', at, 2000, true),
    ),
  input: (block, at) =>
    first(
      () => checkText(block, 'label', at, 2000, true, true),
      () => checkText(block, 'hint', at, 2000, true),
      () => (block.element === undefined ? problem('missing required field: element', at) : undefined),
      () => checkElement(block.element, `${at}/element`),
    ),
  markdown: (block, at) => checkString(block, 'text', at, MARKDOWN_MAX, true, 1),
};

/**
 * The first Block Kit limit `blocks` breaks, as Slack words it, with a json-pointer under `pointer`
 * (`/blocks` for a message, `/view/blocks` for a view). The caller has checked the count and the types.
 */
export function blockKitProblem(blocks: readonly unknown[], pointer = '/blocks'): BlockProblem | undefined {
  let markdown = 0;
  for (const [i, block] of blocks.entries()) {
    if (!isObj(block) || typeof block.type !== 'string')
      return problem('missing required field: type', `${pointer}/${i}`);
    const at = `${pointer}/${i}`;
    const found = first(
      () => checkString(block, 'block_id', at, 255),
      () => BLOCKS[block.type as string]?.(block, at),
    );
    if (found) return found;
    if (block.type === 'markdown' && typeof block.text === 'string') {
      markdown += block.text.length;
      if (markdown > MARKDOWN_MAX) {
        return problem(
          `markdown blocks must be less than ${MARKDOWN_MAX + 1} characters in total`,
          `${at}/text`,
        );
      }
    }
  }
  return undefined;
}
