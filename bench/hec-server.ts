import { startFakeHec } from '../test/support/fake-hec.js';

/** The HEC test server for the SIEM benchmark, in its own process. Prints its URL, serves until killed. */
const hec = await startFakeHec({ token: process.env.HEC_TOKEN ?? 'bench-token-0000' });
process.stdout.write(`${JSON.stringify({ url: hec.url })}\n`);
