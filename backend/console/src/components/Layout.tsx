import { DropdownMenu } from '@kobalte/core/dropdown-menu';
import { Select } from '@kobalte/core/select';
import { A, useNavigate } from '@solidjs/router';
import { For, type JSX, type ParentProps, Show } from 'solid-js';
import { ROLE_LABELS } from '../../../../shared/console';
import { visibleNav } from '../nav.core';
import { type Place, placeNote } from '../places.core';
import { PAGES } from '../routes';
import { useConsole } from '../state';
import { Brand, ThemeToggle } from './Brand';

/** What the viewer's standing in the enterprise acted in is called: their role, or the operator's support access and its end. */
function standingText(place: Place): string {
  return place.support ? placeNote(place, { now: new Date() }) : ROLE_LABELS[place.role];
}

function EnterpriseSwitcher(): JSX.Element {
  const state = useConsole();
  return (
    <Show when={state.memberships().length > 0}>
      <Select<Place>
        class="switcher"
        options={state.memberships()}
        optionValue="enterpriseId"
        optionTextValue="enterpriseName"
        optionDisabled="suspended"
        value={state.place()}
        onChange={(m) => m && state.setEnterpriseId(m.enterpriseId)}
        itemComponent={(p) => (
          <Select.Item item={p.item} class="menu-item">
            <Select.ItemLabel class="switcher-item">
              {p.item.rawValue.enterpriseName}
              <span class="muted small">{placeNote(p.item.rawValue, { now: new Date() })}</span>
            </Select.ItemLabel>
          </Select.Item>
        )}
      >
        <Select.Label class="sr-only">Enterprise</Select.Label>
        <Select.Trigger class="switcher-trigger" aria-label="Enterprise">
          <Select.Value<Place>>
            {(s) => (
              <>
                {s.selectedOption()?.enterpriseName ?? 'Choose an enterprise'}
                <Show when={s.selectedOption()?.support}>
                  <span class="tag warn">support access</span>
                </Show>
              </>
            )}
          </Select.Value>
          <Select.Icon class="chevron">▾</Select.Icon>
        </Select.Trigger>
        <Select.Portal>
          <Select.Content class="menu">
            <Select.Listbox class="menu-list" />
          </Select.Content>
        </Select.Portal>
      </Select>
    </Show>
  );
}

function UserMenu(): JSX.Element {
  const state = useConsole();
  const navigate = useNavigate();
  return (
    <DropdownMenu modal={false}>
      <DropdownMenu.Trigger class="user-trigger">
        <span class="avatar" aria-hidden="true">
          {(state.me()?.user.name || state.me()?.user.email || '?').slice(0, 1).toUpperCase()}
        </span>
        <span class="user-name">{state.me()?.user.name || state.me()?.user.email}</span>
        <DropdownMenu.Icon class="chevron">▾</DropdownMenu.Icon>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="menu">
          <DropdownMenu.Group>
            <DropdownMenu.GroupLabel class="menu-head">
              {state.me()?.user.email}
              <Show when={state.place()}>{(p) => <span class="muted small menu-role">{standingText(p())}</span>}</Show>
            </DropdownMenu.GroupLabel>
            <DropdownMenu.Item class="menu-item" onSelect={() => navigate('/account')}>
              My account
            </DropdownMenu.Item>
          </DropdownMenu.Group>
          <DropdownMenu.Separator class="menu-separator" />
          <DropdownMenu.Item
            class="menu-item"
            onSelect={async () => {
              await state.signOut();
              navigate('/sign-in');
            }}
          >
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  );
}

/** Every signed-in page: the header, the navigation grouped as the console's areas, and the page. */
export function Layout(props: ParentProps): JSX.Element {
  const state = useConsole();
  const nav = () => visibleNav(PAGES.filter((p) => p.nav).map((p) => ({ ...p.nav!, href: p.path })), state.viewer());
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to the page
      </a>
      <header class="topbar">
        <A href="/sessions" class="home-link">
          <Brand tagline="console" />
        </A>
        <EnterpriseSwitcher />
        <div class="topbar-end">
          <ThemeToggle theme={state} />
          <UserMenu />
        </div>
      </header>
      <nav class="sidenav" aria-label="Console">
        <For each={nav()}>
          {(group) => (
            <div class="nav-group">
              <Show when={group.group}>
                <h2 class="nav-heading">{group.group}</h2>
              </Show>
              <ul>
                <For each={group.entries}>
                  {(entry) => (
                    <li>
                      <A href={entry.href} activeClass="active" end={false}>
                        {entry.label}
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          )}
        </For>
      </nav>
      <main id="main" tabindex="-1" class="content">
        {props.children}
      </main>
    </div>
  );
}

/** A page without the shell (sign-in, a forgotten password): the mark, the theme, one card. */
export function SoloPage(props: ParentProps<{ title: string }>): JSX.Element {
  const state = useConsole();
  return (
    <div class="solo">
      <header class="solo-head">
        <Brand tagline="console" />
        <ThemeToggle theme={state} />
      </header>
      <main id="main" class="card solo-card">
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </div>
  );
}
