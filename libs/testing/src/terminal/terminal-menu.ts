import type { TmuxSession } from './tmux-session';

/** The marker Claude Code (Ink) puts in front of the highlighted menu entry. */
const CURSOR = '❯';
const MAX_MOVES = 12;
const ENTER_ATTEMPTS = 5;
/** How long the cursor must stay on the entry before Enter is pressed. */
const SETTLE_MS = 300;
/** How long a key may take to move the cursor before it is taken as dropped. */
const MOVE_WAIT_MS = 3_000;

/**
 * Picks the entry matching `option` in a terminal menu drawn with a `❯` cursor: moves the
 * cursor one step at a time (Up/Down, checking the screen after each) until it is on that
 * entry, then presses Enter. Moving by what the screen shows, not by a count, keeps it right
 * when entries span several lines or the default entry changes between releases.
 */
export async function chooseMenuOption(
  session: TmuxSession,
  option: RegExp,
  options: { timeoutMs: number },
): Promise<void> {
  await session.waitForText(option, options);
  for (let move = 0; move <= MAX_MOVES; move += 1) {
    const { target, cursor } = await menuState(session, option);
    if (target === -1 || cursor === -1) break;
    if (target === cursor) {
      // A key sent earlier may still be on its way (a loaded machine draws late): only answer
      // once the cursor has stayed on the entry for a moment.
      await sleep(SETTLE_MS);
      if ((await menuState(session, option)).cursor !== target) continue;
      await pressEnterUntilGone(session, option);
      return;
    }
    await session.sendKeys(target > cursor ? 'Down' : 'Up');
    await waitForCursorMove(session, cursor);
  }
  const screen = await session.capture();
  throw new Error(`could not select ${String(option)} in the menu; screen:\n${screen}`);
}

/**
 * Some dialogs (the managed-settings approval, for one) ignore keys for a moment after they
 * appear, so an accidental keypress cannot answer them, and an answered dialog can stay drawn while
 * Claude Code acts on it (slowly, on a loaded machine). Enter is pressed again while the entry is
 * still on the screen, waiting longer after each press (1 s, then 2 s, … 15 s in all) so a slow
 * answer is not mistaken for an ignored key.
 */
async function pressEnterUntilGone(session: TmuxSession, option: RegExp): Promise<void> {
  for (let attempt = 1; attempt <= ENTER_ATTEMPTS; attempt += 1) {
    await session.sendKeys('Enter');
    for (let poll = 0; poll < attempt * 10; poll += 1) {
      await sleep(100);
      if (!option.test(await session.capture())) return;
    }
  }
  const screen = await session.capture();
  throw new Error(
    `${String(option)} is still on the screen after ${ENTER_ATTEMPTS} Enter presses; screen:\n${screen}`,
  );
}

/** Where the entry and the cursor are on the screen (last match of each; -1 when absent). */
async function menuState(
  session: TmuxSession,
  option: RegExp,
): Promise<{ target: number; cursor: number }> {
  const lines = (await session.capture()).split('\n');
  return {
    target: lines.findLastIndex((line) => option.test(line)),
    cursor: lines.findLastIndex((line) => line.trimStart().startsWith(CURSOR)),
  };
}

/**
 * Waits up to `MOVE_WAIT_MS` for the cursor to leave line `from`. A key the dialog dropped (some
 * ignore keys for a moment after they appear) never moves it; the caller then looks again and
 * sends another. The wait is long because a key that is only late, not dropped, would otherwise
 * be sent twice and overshoot the entry.
 */
async function waitForCursorMove(session: TmuxSession, from: number): Promise<void> {
  for (let waited = 0; waited < MOVE_WAIT_MS; waited += 50) {
    const lines = (await session.capture()).split('\n');
    if (lines.findLastIndex((line) => line.trimStart().startsWith(CURSOR)) !== from) return;
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
