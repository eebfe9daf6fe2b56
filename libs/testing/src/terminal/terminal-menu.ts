import type { TmuxSession } from './tmux-session';

/** The marker Claude Code (Ink) puts in front of the highlighted menu entry. */
const CURSOR = '❯';
const MAX_MOVES = 12;
const ENTER_ATTEMPTS = 5;

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
    const lines = (await session.capture()).split('\n');
    const target = lines.findLastIndex((line) => option.test(line));
    const cursor = lines.findLastIndex((line) => line.trimStart().startsWith(CURSOR));
    if (target === -1 || cursor === -1) break;
    if (target === cursor) {
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
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!option.test(await session.capture())) return;
    }
  }
  const screen = await session.capture();
  throw new Error(
    `${String(option)} is still on the screen after ${ENTER_ATTEMPTS} Enter presses; screen:\n${screen}`,
  );
}

async function waitForCursorMove(session: TmuxSession, from: number): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const lines = (await session.capture()).split('\n');
    if (lines.findLastIndex((line) => line.trimStart().startsWith(CURSOR)) !== from) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
