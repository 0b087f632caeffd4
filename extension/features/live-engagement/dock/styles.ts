import { CARD_CSS } from '../../invitation/corner-card';

/** Small buttons (End, Mute, Stop), in both the dock and the banner. */
const SMALL_BUTTON_CSS = `
button.small {
  all: unset; box-sizing: border-box; cursor: pointer; font-size: 12px; font-weight: 600; padding: 5px 9px;
  border-radius: 8px; border: 1.5px solid var(--border); color: var(--text); background: var(--bg); white-space: nowrap;
}
button.small:hover { border-color: var(--muted); }
`;

/**
 * The dock's and the banner's look, on top of the invitation card's (the extension's palette,
 * light and dark, sizes in px because the shop sets its own rem).
 */
export const DOCK_CSS = `${CARD_CSS}${SMALL_BUTTON_CSS}
.card.dock { width: 340px; padding: 0; display: flex; flex-direction: column; max-height: min(560px, calc(100vh - 32px)); overflow: hidden; }
.head { display: flex; align-items: center; gap: 8px; padding: 10px 12px; border-bottom: 1px solid var(--border); }
.head svg { flex: none; }
.who { flex: 1; min-width: 0; }
.who .name { display: block; font-weight: 700; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.who .link { display: block; font-size: 12px; color: var(--muted); }
.dock[data-link=lost] .link, .dock[data-link=closed] .link { color: var(--warn); }
button.small.danger { color: var(--warn); }
button.icon { all: unset; cursor: pointer; width: 26px; height: 26px; border-radius: 8px; display: grid; place-items: center; color: var(--muted); font-size: 16px; line-height: 1; }
button.icon:hover { background: var(--accent-soft); color: var(--text); }
.section { padding: 10px 12px; border-bottom: 1px solid var(--border); }
.section:empty { display: none; }
.voice { display: flex; align-items: center; gap: 8px; background: var(--accent-soft); }
.voice .state { flex: 1; font-weight: 600; }
.call .row { display: flex; align-items: center; gap: 8px; }
.call .state { flex: 1; font-weight: 600; font-variant-numeric: tabular-nums; }
.call[data-state=connected] .state::before { content: ''; display: inline-block; width: 8px; height: 8px; border-radius: 4px; background: var(--accent); margin-right: 6px; vertical-align: 1px; }
.call .alert, .phone .alert { margin: 8px 0 0; }
.dock > .section { flex: none; }
.section.phone { overflow-y: auto; max-height: 60vh; }
.phone .given { display: flex; align-items: center; gap: 8px; }
.phone .given .state { flex: 1; font-size: 13px; }
.phone-form h3 { margin: 0 0 8px; font-size: 14px; font-weight: 700; }
.phone-form label { margin: 0 0 4px; }
.phone-form .hint { margin: 0 0 8px; font-size: 12px; color: var(--muted); }
.phone-form .purposes { display: flex; gap: 16px; margin: 0 0 8px; }
label.check { display: flex; align-items: center; gap: 6px; margin: 0; font-weight: 500; cursor: pointer; }
label.check input { all: revert; width: 16px; height: 16px; margin: 0; flex: none; accent-color: var(--accent); cursor: pointer; }
.phone-form .consent { margin: 0 0 8px; padding: 8px 10px; border-radius: 8px; background: var(--accent-soft); font-size: 12px; line-height: 1.4; }
.phone-form .remember { display: flex; align-items: center; gap: 8px; margin: 0 0 10px; font-size: 12px; }
.phone-form .remember label.check { flex: 1; font-size: 12px; }
button.link-button { all: unset; cursor: pointer; font-size: 12px; font-weight: 600; color: var(--accent); text-decoration: underline; }
.phone-form input[aria-invalid=true] { border-color: var(--warn); }
.phone-form .alert { margin: 0 0 10px; }
.phone-form .instead { margin: 10px 0 0; font-size: 12px; color: var(--muted); }
.call-choices { display: flex; flex-direction: column; align-items: center; gap: 2px; flex: none; }
.call-choices button.link-button { font-size: 11px; }
.dial-in { background: var(--accent-soft); }
.dial-in .dial-in-line { margin: 0 0 4px; font-weight: 600; line-height: 1.4; }
.dial-in a.dial-in-number { color: var(--accent); font-variant-numeric: tabular-nums; white-space: nowrap; }
.dial-in a.dial-in-number:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.dial-in .dial-in-code { font-size: 16px; letter-spacing: 0.08em; font-variant-numeric: tabular-nums; white-space: nowrap; }
.dial-in .hint { margin: 0 0 8px; font-size: 12px; color: var(--muted); }
.dial-in .row { display: flex; align-items: center; gap: 12px; }
.dial-in .alert { margin: 0; }
.ask { padding: 10px; border-radius: 10px; border: 1.5px solid var(--accent); margin: 0 0 8px; }
.ask:last-child { margin-bottom: 0; }
.ask h3 { margin: 0 0 4px; font-size: 14px; line-height: 1.3; font-weight: 700; overflow-wrap: anywhere; }
.ask p { margin: 0 0 8px; font-size: 13px; color: var(--muted); }
.ask .lapse { margin: 8px 0 0; }
.chat { flex: 1; min-height: 80px; overflow-y: auto; list-style: none; margin: 0; padding: 10px 12px; display: flex; flex-direction: column; gap: 6px; }
.chat .empty { color: var(--muted); font-size: 13px; align-self: center; }
.line { max-width: 82%; padding: 6px 10px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.line.theirs { align-self: flex-start; background: var(--accent-soft); border-bottom-left-radius: 4px; }
.line.mine { align-self: flex-end; background: var(--accent); color: var(--on-accent); border-bottom-right-radius: 4px; }
.line .tick { margin-left: 6px; font-size: 11px; opacity: 0.8; }
.line.card { display: flex; gap: 10px; align-items: flex-start; white-space: normal; background: var(--bg); border: 1.5px solid var(--accent); border-bottom-left-radius: 4px; padding: 8px; }
.card-image { width: 56px; height: 56px; object-fit: cover; border-radius: 8px; flex: none; background: var(--accent-soft); }
.card-body { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.card-name { font-weight: 700; line-height: 1.3; }
.card-price { font-weight: 600; }
.card-kind, .card-why { font-size: 12px; color: var(--muted); }
a.card-open {
  align-self: flex-start; margin-top: 4px; padding: 5px 10px; border-radius: 8px; background: var(--accent); color: var(--on-accent);
  font-weight: 600; font-size: 13px; text-decoration: none;
}
a.card-open:hover { background: var(--accent-hover); }
a.card-open:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.typing { padding: 0 12px 4px; min-height: 18px; font-size: 12px; color: var(--muted); }
.compose { display: flex; gap: 8px; padding: 8px 12px 12px; }
.compose input { margin: 0; flex: 1; }
.compose button.answer { flex: none; }
.dock .alert { margin: 0 12px 10px; }
.bubble {
  all: unset; box-sizing: border-box; cursor: pointer; position: relative; width: 52px; height: 52px; border-radius: 26px;
  display: grid; place-items: center; background: var(--bg); border: 1px solid var(--border);
  box-shadow: 0 8px 24px rgba(16, 24, 20, 0.2);
}
.bubble .badge {
  position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 5px; border-radius: 10px;
  background: var(--warn); color: #ffffff; font: 700 11px/20px system-ui, sans-serif; text-align: center;
}
.bubble .badge:empty { display: none; }
`;

/**
 * The sharing banner: a compact bar in the bottom-left corner (the dock has the other one), or
 * a chip at the left edge. Never as wide as to reach under the dock on a wide page.
 */
export const BANNER_CSS = `${CARD_CSS}${SMALL_BUTTON_CSS}
.card.banner, .card.chip {
  display: flex; align-items: center; gap: 8px; background: var(--accent); color: var(--on-accent); border-color: var(--accent);
}
.card.banner { width: auto; max-width: min(560px, max(240px, calc(100vw - 404px))); padding: 6px 6px 6px 12px; border-radius: 12px; }
.card.chip { width: auto; max-width: none; padding: 4px 6px 4px 2px; border-radius: 0 18px 18px 0; border-left: 0; }
.card[hidden] { display: none; }
.dot { width: 8px; height: 8px; border-radius: 4px; background: var(--on-accent); flex: none; }
/* Still, not pulsing: an animation has the shop's page draw a frame for it every 16 ms for as long as it runs (an endless pulse cost a busy page more CPU than recording it, measured in bench/cobrowse). */
.banner .text {
  font-weight: 600; line-height: 1.3; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; min-width: 0;
}
.card button.small { background: var(--on-accent); color: var(--accent); border-color: var(--on-accent); }
.card button.small:hover { opacity: 0.9; }
button.icon, button.grow { all: unset; box-sizing: border-box; cursor: pointer; color: var(--on-accent); border-radius: 8px; }
button.icon { flex: none; width: 26px; height: 26px; display: grid; place-items: center; font-size: 18px; line-height: 1; }
button.grow { display: flex; align-items: center; gap: 6px; padding: 4px 8px; font-weight: 700; font-size: 12px; }
button.icon:hover, button.grow:hover { background: rgba(255, 255, 255, 0.16); }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
`;
