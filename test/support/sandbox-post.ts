/**
 * A POST to a running sandbox bot as its page sends one: the page's own origin and a JSON body (the
 * sandbox refuses anything else, src/sandbox/guard.ts).
 */
export function postSandbox(bot: { port: number }, path: string, body: unknown = {}): Promise<Response> {
  const origin = `http://127.0.0.1:${bot.port}`;
  return fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(body),
  });
}
