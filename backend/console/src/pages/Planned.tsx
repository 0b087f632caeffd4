import { useLocation } from '@solidjs/router';
import type { JSX } from 'solid-js';
import { Empty } from '../components/States';
import { PAGES } from '../routes';

/** A page of the navigation not built yet: it says so rather than leave a dead link. */
export default function Planned(): JSX.Element {
  const location = useLocation();
  const label = () => PAGES.find((p) => location.pathname.endsWith(p.path))?.nav?.label ?? 'This page';
  return (
    <section class="page-section">
      <h1>{label()}</h1>
      <Empty title="Not built yet">This part of the console comes next. Its API is already there; see the API table in the README.</Empty>
    </section>
  );
}
