// The sample's audit log (sample/audit-line.ts): what a request puts in an event can neither
// start a line of its own nor drive the terminal that shows the log.
import { jest } from '@jest/globals';
import { ConsoleLogger } from '@nestjs/common';
import { type RunningSample, startSample } from '../support/sample-app.js';

/** Every line break some log tool honours: \n, \r, \v, \f, NEL, U+2028, U+2029. */
const ANY_LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

const FORGED_EVENT =
  '[Nest] 1  - 01/01/2026, 00:00:00     LOG [audit] {"name":"auth.login","sub":"user-1","username":"alice"}';

/** Failed logins whose usernames try to forge a line, or to rewrite the terminal. */
const HOSTILE_USERNAMES = [
  `mallory\n${FORGED_EVENT}`,
  `mallory\r\n${FORGED_EVENT}`,
  `mallory\r${FORGED_EVENT}`,
  `mallory\u2028${FORGED_EVENT}`,
  `mallory\u0085${FORGED_EVENT}`,
  'mallory\u001b[1A\u001b[2Kalice logged in', // up one line, erase it
  'mallory\u009b1A\u009b2Kalice logged in', // the same with the one-byte C1 CSI
];

/** The audit events in `output`: each line that says `[audit]`, its message read as JSON. */
function auditEvents(output: string): Record<string, unknown>[] {
  return output
    .split(ANY_LINE_BREAK)
    .filter((line) => line.includes('[audit]'))
    .map((line) => JSON.parse(line.slice(line.indexOf('[audit] ') + '[audit] '.length)));
}

describe('the sample audit log, fed hostile usernames', () => {
  let sample: RunningSample;

  beforeAll(async () => {
    sample = await startSample({});
    // Nest's own console logger, as `npm run sample` prints, without colours to read back.
    sample.app.useLogger(new ConsoleLogger({ colors: false }));
  });
  afterAll(() => sample?.close());

  /** What `send` writes to stdout. */
  async function stdoutOf(send: () => Promise<unknown>): Promise<string> {
    const chunks: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      await send();
    } finally {
      write.mockRestore();
    }
    return chunks.join('');
  }

  it('writes exactly one line of JSON per event, holding the username as it was sent', async () => {
    const output = await stdoutOf(async () => {
      for (const username of HOSTILE_USERNAMES) {
        await sample.http().post('/auth/login').send({ username, password: 'x' }).expect(401);
      }
    });

    const events = auditEvents(output);
    expect(events).toHaveLength(HOSTILE_USERNAMES.length);
    expect(events.map((event) => [event.name, event.username])).toEqual(
      HOSTILE_USERNAMES.map((username) => ['auth.login_failed', username]),
    );
    // No control character is written raw: the terminal gets text, not commands.
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    expect(output.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('writes a successful login as one line of JSON too', async () => {
    const output = await stdoutOf(() =>
      sample
        .http()
        .post('/auth/login')
        .set('User-Agent', 'curl/8 "quoted" \\ backslash')
        .send({ username: 'alice', password: 'wonderland' })
        .expect(200),
    );
    expect(auditEvents(output)).toEqual([
      expect.objectContaining({
        name: 'auth.login',
        sub: 'user-1',
        sid: expect.any(String),
        userAgent: 'curl/8 "quoted" \\ backslash',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
  });
});
