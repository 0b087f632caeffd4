import { createComponent, render } from 'solid-js/web';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MicrophonePage, type MicrophonePageProps } from './MicrophonePage';

let container: HTMLDivElement | null = null;
let dispose: (() => void) | null = null;
afterEach(() => {
  dispose?.();
  container?.remove();
});

function mount(props: MicrophonePageProps) {
  container = document.createElement('div');
  document.body.append(container); // Solid delegates clicks to the document
  dispose = render(() => createComponent(MicrophonePage, props), container);
  const button = (id: string) => container!.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!;
  return { button, text: () => container!.textContent ?? '' };
}

describe('the microphone page', () => {
  it('asks for the microphone on the click, stops it at once, tells the host and closes', async () => {
    const track = { stop: vi.fn() };
    const tell = vi.fn(async () => undefined);
    const close = vi.fn();
    const page = mount({ getMicrophone: async () => ({ getTracks: () => [track] }) as unknown as MediaStream, tell, close });
    expect(page.text()).toContain('Your associate would like to talk');
    page.button('allow-microphone').click();
    await vi.waitFor(() => expect(close).toHaveBeenCalled());
    expect(track.stop).toHaveBeenCalled();
    expect(tell).toHaveBeenCalledWith({ type: 'live:microphone', granted: true });
  });

  it('says why when the browser refuses, and stays open to try again', async () => {
    const tell = vi.fn(async () => undefined);
    const close = vi.fn();
    const page = mount({ getMicrophone: async () => Promise.reject(new Error('Permission denied')), tell, close });
    page.button('allow-microphone').click();
    await vi.waitFor(() => expect(page.text()).toContain('Permission denied'));
    expect(tell).not.toHaveBeenCalled();
    expect(close).not.toHaveBeenCalled();
    expect(page.button('allow-microphone').disabled).toBe(false);
  });

  it('"Not now" tells the host no and closes', async () => {
    const tell = vi.fn(async () => undefined);
    const close = vi.fn();
    const page = mount({ getMicrophone: vi.fn(), tell, close });
    page.button('decline-microphone').click();
    await vi.waitFor(() => expect(close).toHaveBeenCalled());
    expect(tell).toHaveBeenCalledWith({ type: 'live:microphone', granted: false });
  });
});
