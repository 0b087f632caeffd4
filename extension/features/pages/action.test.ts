import { describe, expect, it } from 'vitest';
import { createAction } from './action';

describe('createAction', () => {
  it('keeps a failure as a message that says what failed and why', async () => {
    const action = createAction('Your answer could not be saved', async () => {
      throw new Error('The Floorwalker background did not answer.');
    });
    await action.run();
    expect(action.error()).toBe('Your answer could not be saved: The Floorwalker background did not answer.');
    expect(action.busy()).toBe(false);
  });

  it('shows the error as it is when it already says what failed', async () => {
    const action = createAction(null, async () => {
      throw new Error('The browser did not ask you for access to the participating shops: no user gesture');
    });
    await action.run();
    expect(action.error()).toBe('The browser did not ask you for access to the participating shops: no user gesture');
  });

  it('is busy while it runs, ignores a second click meanwhile, and clears the last failure when retried', async () => {
    let calls = 0;
    let finish!: () => void;
    let fail = true;
    const action = createAction('Could not switch observing on', async () => {
      calls += 1;
      if (fail) throw new Error('offline');
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await action.run();
    expect(action.error()).toMatch(/offline/);

    fail = false;
    const running = action.run();
    expect(action.busy()).toBe(true);
    expect(action.error()).toBeNull();
    await action.run(); // a double click
    expect(calls).toBe(2);
    finish();
    await running;
    expect(action.busy()).toBe(false);
    expect(action.error()).toBeNull();
  });

  it('starts its work within the click, before any await', () => {
    let started = false;
    const action = createAction('Could not ask for access', async () => {
      started = true;
    });
    void action.run();
    expect(started).toBe(true);
  });

  it('passes the click’s arguments on', async () => {
    const seen: boolean[] = [];
    const action = createAction('Could not switch observing', async (on: boolean) => {
      seen.push(on);
    });
    await action.run(false);
    expect(seen).toEqual([false]);
  });
});
