/**
 * The Block Kit pieces below the blocks, for `slack-stand-in-blocks.ts`: text objects, block elements
 * (buttons, menus, inputs, images), options and confirm dialogs, each checked against the limits Slack
 * documents (docs.slack.dev/reference/block-kit/{block-elements,composition-objects}; docs/slack-platform.md §6).
 * Every check answers the first problem in Slack's `response_metadata.messages` style, with a json-pointer.
 *
 * Characters are counted as JavaScript string length (UTF-16 code units): an emoji outside the BMP
 * counts twice, so this is at least as strict as Slack.
 */

export interface BlockProblem {
  message: string;
}

type Check = BlockProblem | undefined;
type Obj = Record<string, unknown>;

export const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const problem = (what: string, at: string): BlockProblem => ({
  message: `[ERROR] ${what} [json-pointer:${at}]`,
});

/** The first problem of several checks, run in order (later ones only when the earlier pass). */
export function first(...checks: (() => Check)[]): Check {
  for (const check of checks) {
    const found = check();
    if (found) return found;
  }
  return undefined;
}

/** `parent[key]`, a string of at most `max` characters (and at least `min`); `required` when it must be there. */
export function checkString(
  parent: Obj,
  key: string,
  at: string,
  max: number,
  required = false,
  min = 0,
): Check {
  const value = parent[key];
  if (value === undefined) return required ? problem(`missing required field: ${key}`, at) : undefined;
  if (typeof value !== 'string') return problem('must be a string', `${at}/${key}`);
  if (value.length < min) return problem(`must be more than ${min - 1} characters`, `${at}/${key}`);
  if (value.length > max) return problem(`must be less than ${max + 1} characters`, `${at}/${key}`);
  return undefined;
}

/** `parent[key]`, an array of at most `max` items (at least `min`). */
export function checkItems(
  parent: Obj,
  key: string,
  at: string,
  max: number,
  required = false,
  min = 0,
): Check {
  const value = parent[key];
  if (value === undefined) return required ? problem(`missing required field: ${key}`, at) : undefined;
  if (!Array.isArray(value)) return problem('must be an array', `${at}/${key}`);
  if (value.length < min) return problem(`must provide at least ${min} items`, `${at}/${key}`);
  if (value.length > max) return problem(`no more than ${max} items allowed`, `${at}/${key}`);
  return undefined;
}

/** Each item of `parent[key]` (when it is an array) through `check`. */
export function eachItem(
  parent: Obj,
  key: string,
  at: string,
  check: (item: unknown, at: string) => Check,
): Check {
  const items = parent[key];
  if (!Array.isArray(items)) return undefined;
  for (const [i, item] of items.entries()) {
    const found = check(item, `${at}/${key}/${i}`);
    if (found) return found;
  }
  return undefined;
}

/** A text object at `parent[key]`: plain_text or mrkdwn (plain_text only when `plain`), 1 to `max` characters. */
export function checkText(
  parent: Obj,
  key: string,
  at: string,
  max: number,
  plain = false,
  required = false,
): Check {
  const text = parent[key];
  if (text === undefined) return required ? problem(`missing required field: ${key}`, at) : undefined;
  return textObject(text, `${at}/${key}`, max, plain);
}

export function textObject(text: unknown, at: string, max: number, plain = false): Check {
  if (!isObj(text)) return problem('must provide an object', at);
  const types = plain ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof text.type !== 'string' || !types.includes(text.type)) {
    return problem(`must be one of: ${types.join(', ')}`, `${at}/type`);
  }
  return checkString(text, 'text', at, max, true, 1);
}

/** Confirm dialog: title ≤100, text ≤300, confirm and deny ≤30 (plain_text but the text), style. */
function checkConfirm(parent: Obj, at: string): Check {
  const confirm = parent.confirm;
  if (confirm === undefined) return undefined;
  const here = `${at}/confirm`;
  if (!isObj(confirm)) return problem('must provide an object', here);
  return first(
    () => checkText(confirm, 'title', here, 100, true, true),
    () => checkText(confirm, 'text', here, 300, false, true),
    () => checkText(confirm, 'confirm', here, 30, true, true),
    () => checkText(confirm, 'deny', here, 30, true, true),
    () => checkStyle(confirm, here),
  );
}

function checkStyle(parent: Obj, at: string): Check {
  const style = parent.style;
  if (style === undefined || style === 'primary' || style === 'danger') return undefined;
  return problem('must be one of: primary, danger', `${at}/style`);
}

/** An option: text ≤75 (plain_text in menus and overflow), value ≤150, description ≤75, url ≤3000. */
function checkOption(option: unknown, at: string, plain: boolean): Check {
  if (!isObj(option)) return problem('must provide an object', at);
  return first(
    () => checkText(option, 'text', at, 75, plain, true),
    () => checkString(option, 'value', at, 150),
    () => checkText(option, 'description', at, 75, true),
    () => checkString(option, 'url', at, 3000),
  );
}

function checkOptions(
  element: Obj,
  at: string,
  max: number,
  plain: boolean,
  required: boolean,
  min = 0,
): Check {
  const option = (item: unknown, here: string) => checkOption(item, here, plain);
  return first(
    () => checkItems(element, 'options', at, max, required, min),
    () => eachItem(element, 'options', at, option),
    () =>
      element.initial_option === undefined
        ? undefined
        : option(element.initial_option, `${at}/initial_option`),
    () => eachItem(element, 'initial_options', at, option),
  );
}

/** Static menus: `options` or `option_groups` (≤100 each; a group's label ≤75 and ≤100 options). */
function checkStaticMenu(element: Obj, at: string): Check {
  const group = (item: unknown, here: string): Check => {
    if (!isObj(item)) return problem('must provide an object', here);
    return first(
      () => checkText(item, 'label', here, 75, true, true),
      () => checkOptions(item, here, 100, true, true),
    );
  };
  if (element.options === undefined && element.option_groups === undefined) {
    return problem('missing required field: options', at);
  }
  return first(
    () => checkOptions(element, at, 100, true, false),
    () => checkItems(element, 'option_groups', at, 100),
    () => eachItem(element, 'option_groups', at, group),
  );
}

/** What a button adds: text (plain_text) ≤75, value ≤2000, url ≤3000, style, accessibility_label ≤75. */
function checkButton(element: Obj, at: string): Check {
  return first(
    () => checkText(element, 'text', at, 75, true, true),
    () => checkString(element, 'value', at, 2000),
    () => checkString(element, 'url', at, 3000),
    () => checkStyle(element, at),
    () => checkString(element, 'accessibility_label', at, 75),
  );
}

/**
 * An image: alt_text (required; ≤2000 in an image block, no documented cap in an image element),
 * image_url ≤3000 or slack_file.
 */
export function checkImage(image: Obj, at: string, altMax = Number.POSITIVE_INFINITY): Check {
  if (image.image_url === undefined && image.slack_file === undefined) {
    return problem('missing required field: image_url', at);
  }
  return first(
    () => checkString(image, 'alt_text', at, altMax, true),
    () => checkString(image, 'image_url', at, 3000),
  );
}

const OPTION_ELEMENTS: Record<string, (element: Obj, at: string) => Check> = {
  button: checkButton,
  static_select: checkStaticMenu,
  multi_static_select: checkStaticMenu,
  overflow: (element, at) => checkOptions(element, at, 5, true, true, 2),
  radio_buttons: (element, at) => checkOptions(element, at, 10, false, true),
  checkboxes: (element, at) => checkOptions(element, at, 10, false, true),
  image: (element, at) => checkImage(element, at),
  plain_text_input: (element, at) =>
    typeof element.min_length === 'number' && element.min_length > 3000
      ? problem('must be no more than 3000', `${at}/min_length`)
      : undefined,
};

/**
 * A block element (in actions, a section's accessory, an input block): what every element shares
 * (action_id ≤255, placeholder plain_text ≤150, confirm) and what its type adds. Other types pass.
 */
export function checkElement(element: unknown, at: string): Check {
  if (!isObj(element) || typeof element.type !== 'string') return problem('missing required field: type', at);
  const own = OPTION_ELEMENTS[element.type];
  return first(
    () => checkString(element, 'action_id', at, 255),
    () => checkText(element, 'placeholder', at, 150, true),
    () => checkConfirm(element, at),
    () => own?.(element, at),
  );
}
